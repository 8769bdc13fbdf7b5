// Drafts: one row per user, conversation and thread (0 for the conversation itself); an empty body deletes it.
import type pg from 'pg';
import type { Draft } from '../../shared/protocol.js';
import type { DraftStore } from '../storage.js';

type Int8 = string | number;
interface DraftRow {
  conversation_id: Int8;
  thread_id: Int8;
  body: string;
  updated_at: Int8;
}

export function draftStore(pool: pg.Pool): DraftStore {
  return {
    async saveDraft({ userId, conversationId, threadId, body, updatedAt }) {
      if (body) {
        await pool.query(
          `INSERT INTO drafts (user_id, conversation_id, thread_id, body, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id, conversation_id, thread_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
          [userId, conversationId, threadId ?? 0, body, updatedAt],
        );
      } else {
        await pool.query('DELETE FROM drafts WHERE user_id = $1 AND conversation_id = $2 AND thread_id = $3', [userId, conversationId, threadId ?? 0]);
      }
    },
    async listDrafts(userId, limit) {
      const { rows } = await pool.query<DraftRow>(
        `SELECT d.conversation_id, d.thread_id, d.body, d.updated_at FROM drafts d
         JOIN members m ON m.conversation_id = d.conversation_id AND m.user_id = d.user_id
         WHERE d.user_id = $1 ORDER BY d.updated_at DESC LIMIT $2`,
        [userId, limit],
      );
      return rows.map(toDraft);
    },
  };
}

const toDraft = (row: DraftRow): Draft => ({
  conversationId: Number(row.conversation_id),
  threadId: Number(row.thread_id) === 0 ? null : Number(row.thread_id),
  body: row.body,
  updatedAt: Number(row.updated_at),
});
