// The search index's write path. FTS5 writes a segment of its own for every commit that touches it: ~100 µs a
// message, most of what a send cost with the index on (docs/BENCHMARKS.md). So the triggers of migration 23 put a
// new or changed message's text in `messages_fts_pending`, a plain table, in the message's own transaction, and this
// moves those rows into `messages_fts` in batches: one segment for all of them. A search merges first, so it always
// sees every committed message; the timer keeps the batch small (a merge is a few milliseconds of the event loop).
import type { SqliteDb } from './db.js';

const MERGE_EVERY_MS = 200;

export function pendingSearchIndex(s: SqliteDb): { merge(): void } {
  const pending = s.sql('SELECT 1 FROM messages_fts_pending LIMIT 1');
  const move = s.db.transaction(() => {
    s.sql('INSERT INTO messages_fts (rowid, body) SELECT rowid, body FROM messages_fts_pending').run();
    s.sql('DELETE FROM messages_fts_pending').run();
  });
  const merge = () => {
    if (s.db.open && !s.db.inTransaction && pending.get()) move.immediate();
  };
  const timer = setInterval(merge, MERGE_EVERY_MS);
  timer.unref();
  s.beforeClose(() => {
    clearInterval(timer);
    merge();
  });
  return { merge };
}
