// Full-text search on SQLite: the FTS5 trigram index of migration 9 (kept as search-index.ts says) finds the candidates, newest first (its rowid is
// the message id), and the join through `members` keeps only the conversations the user is in. A query without an
// indexed word walks the messages by id instead (see docs/ARCHITECTURE.md for what each costs).
import type { MessageSearch, MessageStore, SearchTerm } from '../storage.js';
import { messageRows, withReactions } from './change-log.js';
import type { SqliteDb } from './db.js';

/** An FTS5 string: the term is one phrase of the query, whatever characters it holds (`"`, `*`, `NEAR(`, `OR`…). */
const phrase = (term: SearchTerm) => `"${term.text.replaceAll('"', '""')}"`;

export function searchStore(s: SqliteDb, index: { merge(): void }): Pick<MessageStore, 'searchMessages'> {
  /** The conversations the `in:` filters name, among the user's own; null when there is no such filter. */
  function namedConversations(search: MessageSearch): number[] | null {
    if (!search.inChannels.length && !search.inDmWith.length) return null;
    // SQLite's lower() folds ASCII only: channel names (any script) are compared here, among the user's channels.
    const channels = s
      .sql(
        `SELECT c.id, c.name FROM members me JOIN conversations c ON c.id = me.conversation_id
         WHERE me.user_id = ? AND c.kind <> 'dm'`,
      )
      .all(search.userId) as { id: number; name: string }[];
    const named = channels.filter((c) => search.inChannels.includes(c.name.normalize('NFKC').toLowerCase())).map((c) => c.id);
    if (search.inDmWith.length) {
      const dms = s
        .sql(
          `SELECT c.id FROM members me JOIN conversations c ON c.id = me.conversation_id
           WHERE me.user_id = ? AND c.kind = 'dm' AND c.member_count = 2 AND EXISTS (
             SELECT 1 FROM members other JOIN users u ON u.id = other.user_id
             WHERE other.conversation_id = c.id AND other.user_id <> me.user_id
               AND u.username_key IN (SELECT value FROM json_each(?)))`,
        )
        .all(search.userId, JSON.stringify(search.inDmWith)) as { id: number }[];
      named.push(...dms.map((dm) => dm.id));
    }
    return named;
  }

  return {
    async searchMessages(search) {
      index.merge(); // the newest messages' rows into the index first (search-index.ts)
      const inConversations = namedConversations(search);
      if (inConversations && !inConversations.length) return [];
      const wanted = search.terms.filter((t) => t.indexed && !t.negated);
      const unwanted = search.terms.filter((t) => t.indexed && t.negated);
      // With a word, the index hands out rowids (= message ids) in descending order, the cursor applied inside it:
      // the first `limit` that pass the joins and filters are the page, with no sort.
      const key = wanted.length ? 'f.rowid' : 'm.id';
      // A reply sent to the channel too is found once, as the reply (its copy is not a second result).
      const where = [`m.kind = 'user'`, 'm.deleted_at IS NULL', 'm.broadcast_root IS NULL', `${key} < ?`];
      const params: unknown[] = [search.beforeId ?? Number.MAX_SAFE_INTEGER];
      let from = 'messages m';
      if (wanted.length) {
        from = 'messages_fts f JOIN messages m ON m.id = f.rowid';
        const excluded = unwanted.length ? ` NOT (${unwanted.map(phrase).join(' OR ')})` : '';
        where.push(`f.messages_fts MATCH ?`);
        params.push(`(${wanted.map(phrase).join(' AND ')})${excluded}`);
      } else if (unwanted.length) {
        where.push('m.id NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)');
        params.push(unwanted.map(phrase).join(' OR '));
      }
      for (const term of search.terms.filter((t) => !t.indexed)) {
        where.push(`instr(m.body, ?) ${term.negated ? '=' : '>'} 0`);
        params.push(term.text);
      }
      if (search.from.length) {
        where.push('m.author_id IN (SELECT id FROM users WHERE username_key IN (SELECT value FROM json_each(?)))');
        params.push(JSON.stringify(search.from));
      }
      if (inConversations) {
        where.push('m.conversation_id IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(inConversations));
      }
      if (search.after !== undefined) where.push('m.created_at >= ?'), params.push(search.after);
      if (search.before !== undefined) where.push('m.created_at < ?'), params.push(search.before);
      if (search.hasLink) where.push(`(instr(lower(m.body), 'http://') > 0 OR instr(lower(m.body), 'https://') > 0)`);
      if (search.hasFile) where.push('m.files IS NOT NULL');
      if (search.hasImage) where.push('EXISTS (SELECT 1 FROM files fl WHERE fl.message_id = m.id AND fl.width IS NOT NULL)');
      const ids = s
        .rawSql(
          `SELECT m.id FROM ${from} JOIN members me ON me.conversation_id = m.conversation_id AND me.user_id = ?
           WHERE ${where.join(' AND ')} ORDER BY ${key} DESC LIMIT ?`,
        )
        .all(search.userId, ...params, search.limit) as [number][];
      if (!ids.length) return [];
      const rows = messageRows(s, 'WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id DESC', JSON.stringify(ids.map(([id]) => id)));
      return withReactions(s, rows);
    },
  };
}
