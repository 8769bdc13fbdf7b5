// Who belongs to a conversation, and how far each member has read.
import type pg from 'pg';
import type { Conversation } from '../../shared/protocol.js';
import type { MemberStore } from '../storage.js';
import { postNotices } from './change-log.js';
import { keyRange, toPage } from '../page.js';
import { transaction, type Queryable } from './db.js';
import { mentionStore } from './mentions.js';
import { USER_COLUMNS, toMembership, toUser, type MembershipRow, type UserRow } from './rows.js';


/** `findConversation` reads a conversation inside the caller's transaction. */
export function memberStore(
  pool: pg.Pool,
  findConversation: (db: Queryable, id: number) => Promise<Conversation | null>,
): MemberStore {
  async function membership(db: Queryable, conversationId: number, userId: number) {
    const { rows } = await db.query<MembershipRow>('SELECT * FROM members WHERE conversation_id = $1 AND user_id = $2', [
      conversationId,
      userId,
    ]);
    return rows[0] ? toMembership(rows[0]) : null;
  }

  const { findMembers, mentionCount } = mentionStore(pool);
  return {
    findMembers,
    mentionCount,
    getMembership: (conversationId, userId) => membership(pool, conversationId, userId),
    async postingRights(conversationId, userId) {
      const { rows } = await pool.query<{ archived_at: string | null; announcement: boolean; blocked: boolean }>(
        `SELECT c.archived_at, c.announcement, m.blocked FROM members m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.conversation_id = $1 AND m.user_id = $2`,
        [conversationId, userId],
      );
      const row = rows[0];
      return row ? { archived: row.archived_at !== null, announcement: row.announcement, blocked: row.blocked } : null;
    },
    async setHidden(conversationId, userId, hidden) {
      const { rows } = await pool.query<MembershipRow>(
        `UPDATE members m SET hidden_seq = CASE WHEN $3 THEN c.last_seq END FROM conversations c
         WHERE c.id = m.conversation_id AND m.conversation_id = $1 AND m.user_id = $2 RETURNING m.*`,
        [conversationId, userId, hidden],
      );
      return rows[0] ? toMembership(rows[0]) : null;
    },
    async setNotifyPreferences(conversationId, userId, { notify, muted }) {
      const { rows } = await pool.query<MembershipRow>(
        'UPDATE members SET notify = $3, muted = $4 WHERE conversation_id = $1 AND user_id = $2 RETURNING *',
        [conversationId, userId, notify, muted],
      );
      return rows[0] ? toMembership(rows[0]) : null;
    },
    joinConversation: (conversationId, userId, at, notice) =>
      transaction(pool, async (db) => {
        const { rowCount } = await db.query(
          `INSERT INTO members (conversation_id, user_id, last_read_seq, joined_at)
           SELECT id, $2, last_seq, $3 FROM conversations WHERE id = $1
           ON CONFLICT DO NOTHING`,
          [conversationId, userId, at],
        );
        if (rowCount !== 1) return null;
        const changes = (await postNotices(db, conversationId, [{ authorId: userId, body: notice }], at))!;
        // The newcomer has seen everything up to and including their own notice.
        await db.query('UPDATE members SET last_read_seq = $3 WHERE conversation_id = $1 AND user_id = $2', [
          conversationId,
          userId,
          changes.messages[0]!.seq,
        ]);
        return {
          conversation: (await findConversation(db, conversationId))!,
          membership: (await membership(db, conversationId, userId))!,
          changes,
        };
      }),
    leaveConversation: (conversationId, userId, at, notice) =>
      transaction(pool, async (db) => {
        const { rows } = await db.query<MembershipRow>(
          'DELETE FROM members WHERE conversation_id = $1 AND user_id = $2 RETURNING *',
          [conversationId, userId],
        );
        if (!rows[0]) return null;
        await db.query(`UPDATE conversations SET dm_key = NULL WHERE id = $1 AND kind = 'dm'`, [conversationId]);
        const changes = (await postNotices(db, conversationId, [{ authorId: userId, body: notice }], at))!;
        return { conversation: (await findConversation(db, conversationId))!, membership: toMembership(rows[0]), changes };
      }),
    async listMembers(conversationId, page) {
      const { rows } = await pool.query<UserRow & { sort_key: string }>(
        `SELECT ${USER_COLUMNS}, lower(u.username) COLLATE "C" AS sort_key FROM members m JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = $1 AND lower(u.username) COLLATE "C" >= $2 AND lower(u.username) COLLATE "C" < $3
           AND lower(u.username) COLLATE "C" > $4
         ORDER BY sort_key LIMIT $5`,
        [conversationId, ...keyRange(page), page.limit + 1],
      );
      return toPage(rows, page.limit, (row) => row.sort_key, toUser);
    },
    async listMemberIds(conversationId) {
      const { rows } = await pool.query<{ user_id: string }>(
        'SELECT user_id FROM members WHERE conversation_id = $1 ORDER BY user_id',
        [conversationId],
      );
      return rows.map((row) => Number(row.user_id));
    },
    async setReadPosition(conversationId, userId, seq) {
      const { rows } = await pool.query<{ last_read_seq: string }>(
        `UPDATE members m SET last_read_seq = GREATEST(m.last_read_seq, LEAST($3::bigint, c.last_seq))
         FROM conversations c
         WHERE c.id = m.conversation_id AND m.conversation_id = $1 AND m.user_id = $2
         RETURNING m.last_read_seq`,
        [conversationId, userId, seq],
      );
      return rows[0] ? Number(rows[0].last_read_seq) : null;
    },
  };
}
