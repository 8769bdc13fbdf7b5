import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { describeStorageConformance } from './conformance.js';

// Each database the suite asks for is a file of its own in a temporary directory, removed at the end.
// better-sqlite3 is synchronous, so the suite's "several nodes" run their connections one call at a time here:
// they check that separate connections agree, not how writers from separate processes race.
const dir = mkdtempSync(join(tmpdir(), 'flack-sqlite-'));

describeStorageConformance(
  'SQLite',
  (db) => openSqliteStorage(join(dir, `${db}.db`)),
  async () => rmSync(dir, { recursive: true, force: true }),
);

describe('SQLite write-ahead log', () => {
  it('is checkpointed in the background, so it is reused instead of growing with every write', async () => {
    const file = join(dir, 'wal.db');
    const storage = await openSqliteStorage(file);
    try {
      const author = await storage.createUser({ username: 'writer', passwordHash: 'x', createdAt: 1 });
      const channel = await storage.createConversation({
        kind: 'public', name: 'busy', topic: '', createdBy: author.id, createdAt: 1, dmKey: null, memberIds: [author.id],
      });
      let n = 0;
      const writeBurst = async () => {
        for (let i = 0; i < 500; i++) {
          await storage.appendMessage({
            conversationId: channel.id, authorId: author.id, kind: 'user', body: 'x'.repeat(500), clientId: `m${++n}`, createdAt: 1,
          });
        }
      };
      await writeBurst();
      const afterOne = statSync(`${file}-wal`).size;
      await sleep(1_500); // the checkpointer copies the log into the database every second
      await writeBurst();
      expect(afterOne).toBeGreaterThan(1_000_000);
      expect(statSync(`${file}-wal`).size).toBeLessThan(afterOne * 1.2);
      expect(await storage.messagesAfter(channel.id, 999, 10)).toHaveLength(1);
    } finally {
      await storage.close();
    }
  });
});
