// Search on a large SQLite history, in-process through the Storage interface (the query and its page, no socket):
// p50/p99 of `searchMessages` for a common word, a substring and a rare word, against a plain `LIKE '%…%'` scan of
// the same rows with the same membership join, newest first, in the same run; and the FTS index's size.
// Run on its own: `npx tsx bench/scenarios/search.ts` (200,000 messages) or `-- --full` (1,000,000).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSearchQuery } from '../../src/core/search-query.js';
import type { Conversation } from '../../src/shared/protocol.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

const full = process.argv.includes('--full');
const ROWS = full ? 1_000_000 : 200_000;
/** Timed calls per query: the scan takes long enough that fewer samples still give a p99 worth reading. */
const CALLS = { fts: 200, like: 40 };
const PAGE = 21; // a page of 20 and one more, as the core asks

const VOCABULARY = `the a to deploy build failed passed review merge branch release staging production database
  migration index query latency cache server client socket message thread channel lunch meeting tomorrow today
  please thanks fixed broken ticket customer invoice report dashboard metrics alert oncall incident rollback`.split(/\s+/);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'flack-bench-search-'));
  const file = join(dir, 'flack.db');
  try {
    const storage = await openSqliteStorage(file);
    const reader = await storage.createUser({ username: 'reader', passwordHash: 'x', createdAt: 1 });
    const other = await storage.createUser({ username: 'other', passwordHash: 'x', createdAt: 1 });
    // Eight channels the reader is in, two they are not in (a fifth of the messages).
    const channels: Conversation[] = [];
    for (let i = 0; i < 10; i++) {
      const members = i < 8 ? [reader.id, other.id] : [other.id];
      channels.push(await storage.createConversation({ kind: 'public', name: `c${i}`, topic: '', createdBy: other.id, createdAt: 1, dmKey: null, memberIds: members }));
    }
    await storage.close();

    const db = new Database(file);
    const before = pageBytes(db);
    const insert = db.prepare(
      `INSERT INTO messages (conversation_id, seq, kind, author_id, body, client_id, created_at, clock, created_clock)
       VALUES (?, ?, 'user', ?, ?, NULL, ?, ?, ?)`,
    );
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const started = performance.now();
    db.transaction(() => {
      for (let i = 1; i <= ROWS; i++) {
        const words = Array.from({ length: 8 + Math.floor(random() * 20) }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]);
        if (i % 1000 === 0) words.push('see hostname.test.com');
        if (i === Math.floor(ROWS / 3)) words.push('xylophone');
        const channel = channels[i % channels.length]!;
        insert.run(channel.id, i, i % 2 ? reader.id : other.id, words.join(' '), i * 1000, i, i);
      }
    })();
    // What the server's merge does in batches (src/storage/sqlite/search-index.ts), here at once.
    db.transaction(() => {
      db.exec('INSERT INTO messages_fts (rowid, body) SELECT rowid, body FROM messages_fts_pending; DELETE FROM messages_fts_pending;');
    })();
    const insertMs = performance.now() - started;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const ftsBytes = (db.prepare(`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'messages_fts%'`).get() as { bytes: number }).bytes;
    const bodyBytes = (db.prepare('SELECT sum(length(CAST(body AS BLOB))) AS bytes FROM messages').get() as { bytes: number }).bytes;
    const total = pageBytes(db) - before;
    db.close();

    console.log(`Search on SQLite: ${ROWS.toLocaleString('en')} messages (${mb(bodyBytes)} of text), 8 of 10 channels readable`);
    console.log(`  bulk insert with the FTS triggers: ${(insertMs / 1000).toFixed(1)} s; FTS index ${mb(ftsBytes)} of ${mb(total)} added`);

    const storage2 = await openSqliteStorage(file);
    const like = new Database(file, { readonly: true });
    const scan = like.prepare(
      `SELECT m.id FROM messages m JOIN members me ON me.conversation_id = m.conversation_id AND me.user_id = ?
       WHERE m.kind = 'user' AND m.deleted_at IS NULL AND m.body LIKE ? ORDER BY m.id DESC LIMIT ?`,
    );
    console.log('  | query | found | FTS5 p50 / p99 | LIKE scan p50 / p99 |');
    console.log('  | --- | --- | --- | --- |');
    for (const [label, word] of [['one common word', 'deploy'], ['substring', 'ostna'], ['rare word', 'xylophone'], ['no match', 'zzzqqq']] as const) {
      const query = parseSearchQuery(word);
      const fts = await time(CALLS.fts, async () => (await storage2.searchMessages({ userId: reader.id, ...query, limit: PAGE })).length);
      const plain = await time(CALLS.like, async () => scan.all(reader.id, `%${word}%`, PAGE).length);
      if (fts.found !== plain.found) throw new Error(`${word}: FTS found ${fts.found}, LIKE ${plain.found}`);
      console.log(`  | ${label} \`${word}\` | ${fts.found} | ${fts.p50} / ${fts.p99} ms | ${plain.p50} / ${plain.p99} ms |`);
    }
    // No indexed word: the reader's conversations are read newest first and sorted (the documented worst case).
    const filters = await time(CALLS.like, async () => (await storage2.searchMessages({ userId: reader.id, ...parseSearchQuery('from:@other'), limit: PAGE })).length);
    console.log(`  | filters only \`from:@other\` | ${filters.found} | ${filters.p50} / ${filters.p99} ms (no index) | — |`);
    like.close();
    await storage2.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function time(calls: number, run: () => Promise<number>) {
  let found = 0;
  for (let i = 0; i < 5; i++) found = await run(); // warm-up: statement cache, page cache
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    found = await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
  return { found, p50: round(at(50)), p99: round(at(99)) };
}

const pageBytes = (db: Database.Database) =>
  (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const round = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

await main();
