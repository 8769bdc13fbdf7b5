// Who follows which thread and how far they have read it (thread_reads, written when a reply is stored).
import type pg from 'pg';
import type { ThreadState } from '../../shared/protocol.js';
import type { MessageStore } from '../storage.js';
import { THREAD_MENTIONS } from './mentions.js';

type Int8 = string | number;
interface ThreadRow {
  root_id: Int8;
  conversation_id: Int8;
  reply_count: Int8;
  last_reply_at: Int8;
  last_read_seq: Int8;
  mention_count: Int8;
}

const STATE_COLUMNS = `t.root_id, t.conversation_id, r.reply_count, r.last_reply_at, t.last_read_seq, ${THREAD_MENTIONS} AS mention_count`;
const STATE_FROM = `SELECT ${STATE_COLUMNS}
  FROM thread_reads t JOIN messages r ON r.id = t.root_id`;

const toState = (row: ThreadRow): ThreadState => ({
  rootId: Number(row.root_id),
  conversationId: Number(row.conversation_id),
  replyCount: Number(row.reply_count),
  lastReplyAt: Number(row.last_reply_at),
  lastReadSeq: Number(row.last_read_seq),
  mentionCount: Number(row.mention_count),
});

export function threadReads(pool: pg.Pool): Pick<MessageStore, 'setThreadRead' | 'listThreads' | 'threadState'> {
  return {
    async threadState(userId, rootId) {
      const { rows } = await pool.query<ThreadRow>(`${STATE_FROM} WHERE t.user_id = $1 AND t.root_id = $2`, [userId, rootId]);
      return rows[0] ? toState(rows[0]) : null;
    },
    async setThreadRead(userId, rootId, seq) {
      const { rows } = await pool.query<ThreadRow>(
        `WITH moved AS (
           UPDATE thread_reads t SET last_read_seq = GREATEST(t.last_read_seq, LEAST($3::bigint, r.reply_count))
           FROM messages r WHERE r.id = t.root_id AND t.user_id = $1 AND t.root_id = $2
           RETURNING ${STATE_COLUMNS}
         ) SELECT * FROM moved`,
        [userId, rootId, seq],
      );
      return rows[0] ? toState(rows[0]) : null;
    },
    async listThreads(userId, { before, limit }) {
      const { rows } = await pool.query<ThreadRow>(
        `${STATE_FROM} JOIN members me ON me.conversation_id = t.conversation_id AND me.user_id = t.user_id
         WHERE t.user_id = $1 AND ($2::bigint IS NULL OR r.last_reply_at < $2)
         ORDER BY r.last_reply_at DESC, t.root_id DESC LIMIT $3`,
        [userId, before ?? null, limit],
      );
      return rows.map(toState);
    },
  };
}
