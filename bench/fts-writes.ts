// What the search index costs a send, the store alone: 4,000 messages of 20 words, each its own commit, on a fresh
// SQLite file, CPU per message until the store is closed (so the last merge counts) — with no index (its triggers
// dropped: the baseline), with the index as it is kept (rows pending in a plain table, merged into FTS5 in batches:
// src/storage/sqlite/search-index.ts), and written into FTS5 by each commit as before migration 23.
// Run: npx tsx bench/fts-writes.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';

const MESSAGES = 4000;
const WORDS = 'the deploy of hostname test com failed again because the cache was cold and nobody noticed until monday morning standup notes review'.split(' ');

async function run(setup: (db: Database.Database) => void): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'flack-fts-'));
  const file = join(dir, 'flack.db');
  try {
    (await openSqliteStorage(file)).close();
    const raw = new Database(file);
    setup(raw);
    raw.close();
    const s = await openSqliteStorage(file);
    const user = await s.createUser({ username: 'writer', passwordHash: 'x', createdAt: 1 });
    const room = await s.createConversation({ kind: 'public', name: 'room', topic: '', createdBy: user.id, createdAt: 1, dmKey: null, memberIds: [user.id] });
    let seed = 1;
    const word = () => WORDS[(seed = (seed * 48271) % 2147483647) % WORDS.length]!;
    const start = process.cpuUsage();
    for (let i = 0; i < MESSAGES; i++) {
      const body = Array.from({ length: 20 }, word).join(' ') + ` ${i}`;
      await s.appendMessage({ conversationId: room.id, authorId: user.id, kind: 'user', body, clientId: `c${i}`, createdAt: i });
    }
    await s.close();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / MESSAGES;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const noIndex = (db: Database.Database) => db.exec('DROP TRIGGER messages_fts_insert; DROP TRIGGER messages_fts_update;');
const perCommit = (db: Database.Database) =>
  db.exec(`DROP TRIGGER messages_fts_insert;
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN NEW.kind = 'user' AND NEW.deleted_at IS NULL BEGIN
      INSERT INTO messages_fts (rowid, body) VALUES (NEW.id, NEW.body);
    END;`);
const configs: [string, (db: Database.Database) => void][] = [
  ['no index (baseline)', noIndex],
  ['index, pending rows merged in batches (as kept)', () => undefined],
  ['index, written into FTS5 by each commit (before migration 23)', perCommit],
];
console.log('| store alone, 4,000 single-message commits | CPU µs a message | vs. no index |\n|---|---|---|');
const results: number[] = [];
for (const [name, setup] of configs) {
  // Twice each, keeping the better: the first run of a process warms the JIT.
  const us = Math.min(await run(setup), await run(setup));
  results.push(us);
  console.log(`| ${name} | ${us.toFixed(0)} | ${(us / results[0]!).toFixed(2)}× |`);
}
