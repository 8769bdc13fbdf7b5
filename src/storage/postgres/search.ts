// Full-text search on PostgreSQL: LIKE '%…%' on flack_search_fold(body) (or of file_names: migration 12's index), which the pg_trgm GIN index of migration 9
// answers, joined through `members` so only the user's conversations are ever examined. The same question as the
// SQLite store's FTS5 index, and the same answers (test/storage/conformance.ts).
import type pg from 'pg';
import type { MessageStore } from '../storage.js';
import { selectMessages } from './change-log.js';

/** A LIKE pattern for "contains `text`": its own `%`, `_` and `\` are literal. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function searchStore(pool: pg.Pool): Pick<MessageStore, 'searchMessages'> {
  return {
    async searchMessages(search) {
      const params: unknown[] = [search.userId, search.beforeId ?? null];
      const param = (value: unknown) => `$${params.push(value)}`;
      // A reply sent to the channel too is found once, as the reply (its copy is not a second result).
      const where = [`s.kind = 'user'`, 's.deleted_at IS NULL', 's.broadcast_root IS NULL', '($2::bigint IS NULL OR s.id < $2)'];
      for (const term of search.terms) {
        // The pattern is folded by the same function as the index, so both sides fold alike.
        if (term.indexed) {
          const pattern = `flack_search_fold(${param(contains(term.text))})`;
          const found = `(flack_search_fold(s.body) LIKE ${pattern} OR (s.file_names IS NOT NULL AND flack_search_fold(s.file_names) LIKE ${pattern}))`;
          where.push(term.negated ? `NOT ${found}` : found);
        }
        else where.push(`strpos(s.body, ${param(term.text)}) ${term.negated ? '=' : '>'} 0`);
      }
      if (search.from.length) where.push(`s.author_id IN (SELECT id FROM users WHERE lower(username) = ANY(${param(search.from)}::text[]))`);
      if (search.inChannels.length || search.inDmWith.length) {
        where.push(`s.conversation_id IN (
          SELECT c.id FROM members mine JOIN conversations c ON c.id = mine.conversation_id
          WHERE mine.user_id = $1 AND (
            (c.kind <> 'dm' AND lower(normalize(c.name, NFKC)) = ANY(${param(search.inChannels)}::text[]))
            OR (c.kind = 'dm' AND c.member_count = 2 AND EXISTS (
              SELECT 1 FROM members other JOIN users u ON u.id = other.user_id
              WHERE other.conversation_id = c.id AND other.user_id <> $1 AND lower(u.username) = ANY(${param(search.inDmWith)}::text[])))))`);
      }
      if (search.after !== undefined) where.push(`s.created_at >= ${param(search.after)}`);
      if (search.before !== undefined) where.push(`s.created_at < ${param(search.before)}`);
      if (search.hasLink) where.push(`(s.body ILIKE '%http://%' OR s.body ILIKE '%https://%')`);
      if (search.hasFile) where.push('s.files IS NOT NULL');
      if (search.hasImage) where.push('EXISTS (SELECT 1 FROM files fl WHERE fl.message_id = s.id AND fl.width IS NOT NULL)');
      const ids = `SELECT s.id FROM messages s JOIN members me ON me.conversation_id = s.conversation_id AND me.user_id = $1
        WHERE ${where.join(' AND ')} ORDER BY s.id DESC LIMIT ${param(search.limit)}`;
      return selectMessages(pool, `m.id IN (${ids})`, params, 'ORDER BY m.id DESC');
    },
  };
}
