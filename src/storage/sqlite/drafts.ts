// Drafts: one row per user, conversation and thread (0 for the conversation itself); an empty body deletes it.
import type { Draft } from '../../shared/protocol.js';
import type { DraftStore } from '../storage.js';
import type { SqliteDb } from './db.js';

interface DraftRow {
  conversation_id: number;
  thread_id: number;
  body: string;
  updated_at: number;
}

export function draftStore(s: SqliteDb): DraftStore {
  return {
    async saveDraft({ userId, conversationId, threadId, body, updatedAt }) {
      if (body) {
        s.sql(
          `INSERT INTO drafts (user_id, conversation_id, thread_id, body, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (user_id, conversation_id, thread_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        ).run(userId, conversationId, threadId ?? 0, body, updatedAt);
      } else {
        s.sql('DELETE FROM drafts WHERE user_id = ? AND conversation_id = ? AND thread_id = ?').run(userId, conversationId, threadId ?? 0);
      }
    },
    async listDrafts(userId, limit) {
      const rows = s
        .sql(
          `SELECT d.conversation_id, d.thread_id, d.body, d.updated_at FROM drafts d
           JOIN members m ON m.conversation_id = d.conversation_id AND m.user_id = d.user_id
           WHERE d.user_id = ? ORDER BY d.updated_at DESC LIMIT ?`,
        )
        .all(userId, limit) as DraftRow[];
      return rows.map(toDraft);
    },
  };
}

const toDraft = (row: DraftRow): Draft => ({
  conversationId: row.conversation_id,
  threadId: row.thread_id === 0 ? null : row.thread_id,
  body: row.body,
  updatedAt: row.updated_at,
});
