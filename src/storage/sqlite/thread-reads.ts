// Who follows which thread and how far they have read it (thread_reads, written when a reply is stored).
import type { ThreadState } from '../../shared/protocol.js';
import type { MessageStore } from '../storage.js';
import type { SqliteDb } from './db.js';
import { THREAD_MENTIONS } from './mentions.js';

interface ThreadRow {
  root_id: number;
  conversation_id: number;
  reply_count: number;
  last_reply_at: number;
  last_read_seq: number;
  mention_count: number;
}

const STATE_FROM = `SELECT t.root_id, t.conversation_id, r.reply_count, r.last_reply_at, t.last_read_seq,
  ${THREAD_MENTIONS} AS mention_count
  FROM thread_reads t JOIN messages r ON r.id = t.root_id`;

const toState = (row: ThreadRow): ThreadState => ({
  rootId: row.root_id,
  conversationId: row.conversation_id,
  replyCount: row.reply_count,
  lastReplyAt: row.last_reply_at,
  lastReadSeq: row.last_read_seq,
  mentionCount: row.mention_count,
});

export function threadReads(s: SqliteDb): Pick<MessageStore, 'setThreadRead' | 'listThreads' | 'threadState'> {
  return {
    async threadState(userId, rootId) {
      const row = s.sql(`${STATE_FROM} WHERE t.user_id = ? AND t.root_id = ?`).get(userId, rootId) as ThreadRow | undefined;
      return row ? toState(row) : null;
    },
    async setThreadRead(userId, rootId, seq) {
      const moved = s
        .sql(
          `UPDATE thread_reads SET last_read_seq = max(last_read_seq, min(?, (SELECT reply_count FROM messages WHERE id = ?)))
           WHERE user_id = ? AND root_id = ? RETURNING root_id`,
        )
        .get(seq, rootId, userId, rootId);
      if (!moved) return null;
      return toState(s.sql(`${STATE_FROM} WHERE t.user_id = ? AND t.root_id = ?`).get(userId, rootId) as ThreadRow);
    },
    async listThreads(userId, { before, limit }) {
      const rows = s
        .sql(
          `${STATE_FROM} JOIN members me ON me.conversation_id = t.conversation_id AND me.user_id = t.user_id
           WHERE t.user_id = ? AND r.last_reply_at < ? ORDER BY r.last_reply_at DESC, t.root_id DESC LIMIT ?`,
        )
        .all(userId, before ?? Number.MAX_SAFE_INTEGER, limit) as ThreadRow[];
      return rows.map(toState);
    },
  };
}
