// Who belongs to a conversation, and how far each member has read.
import type pg from 'pg';
import type { MemberStore } from '../storage.js';
import { USER_COLUMNS, toMembership, toUser, type MembershipRow, type UserRow } from './rows.js';


export function memberStore(pool: pg.Pool): MemberStore {
  return {
    async getMembership(conversationId, userId) {
      const { rows } = await pool.query<MembershipRow>(
        'SELECT * FROM members WHERE conversation_id = $1 AND user_id = $2',
        [conversationId, userId],
      );
      return rows[0] ? toMembership(rows[0]) : null;
    },
    async addMember(conversationId, userId, joinedAt) {
      // A newcomer has nothing unread: history from before they joined is context, not news.
      const { rowCount } = await pool.query(
        `INSERT INTO members (conversation_id, user_id, last_read_seq, joined_at)
         SELECT id, $2, last_seq, $3 FROM conversations WHERE id = $1
         ON CONFLICT DO NOTHING`,
        [conversationId, userId, joinedAt],
      );
      return rowCount === 1;
    },
    async removeMember(conversationId, userId) {
      const { rowCount } = await pool.query('DELETE FROM members WHERE conversation_id = $1 AND user_id = $2', [
        conversationId,
        userId,
      ]);
      return rowCount === 1;
    },
    async listMembers(conversationId) {
      const { rows } = await pool.query<UserRow>(
        `SELECT ${USER_COLUMNS} FROM members m JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = $1 ORDER BY lower(u.username) COLLATE "C"`,
        [conversationId],
      );
      return rows.map(toUser);
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
