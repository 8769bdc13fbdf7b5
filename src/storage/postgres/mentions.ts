// Mentions on PostgreSQL: the rows that count them (written in the transaction of the message's append, edit or
// deletion) and the counts of one reader, per conversation or thread.
import type pg from 'pg';
import { mentionRowUsers, mentionsJson } from '../mentions-json.js';
import type { MemberStore, MessageMentions, MessageStore } from '../storage.js';
import type { Queryable } from './db.js';

/**
 * Unread mentions of the member `me` (a members row) in its conversation's top-level messages; 0 for a
 * non-member (a LEFT JOIN that found none). One per message, whether it named them, or said @channel, or both.
 */
export const CONVERSATION_MENTIONS = `CASE WHEN me.user_id IS NULL THEN 0 ELSE (SELECT count(DISTINCT n.message_id) FROM mentions n
  WHERE n.conversation_id = me.conversation_id AND n.thread_id = 0 AND n.user_id IN (me.user_id, 0)
    AND n.seq > me.last_read_seq AND n.author_id <> me.user_id) END`;

/** Unread mentions of the follower of a thread_reads row `t` in that thread's replies. */
export const THREAD_MENTIONS = `(SELECT count(DISTINCT n.message_id) FROM mentions n
  WHERE n.conversation_id = t.conversation_id AND n.thread_id = t.root_id AND n.user_id IN (t.user_id, 0)
    AND n.seq > t.last_read_seq AND n.author_id <> t.user_id)`;

interface Target {
  id: number;
  conversationId: number;
  /** 0 for a top-level message. */
  threadId: number;
  seq: number;
  authorId: number;
}

/**
 * Replaces the mention rows of a message (inside the caller's transaction). Someone named in a reply follows its
 * thread from that reply on (unread), unless they already did.
 */
export async function writeMentionRows(db: Queryable, target: Target, mentions: MessageMentions | undefined): Promise<void> {
  await db.query('DELETE FROM mentions WHERE message_id = $1', [target.id]);
  const users = mentionRowUsers(mentions, target.authorId);
  if (!users.length) return;
  await db.query(
    `INSERT INTO mentions (message_id, user_id, conversation_id, thread_id, seq, author_id)
     SELECT $1, user_id, $3, $4, $5, $6 FROM unnest($2::bigint[]) AS user_id`,
    [target.id, users, target.conversationId, target.threadId, target.seq, target.authorId],
  );
  if (target.threadId && mentions?.userIds.length) {
    await db.query(
      `INSERT INTO thread_reads (user_id, root_id, conversation_id, last_read_seq)
       SELECT user_id, $2, $3, $4 FROM unnest($1::bigint[]) AS user_id WHERE user_id <> $5 ON CONFLICT DO NOTHING`,
      [mentions.userIds, target.threadId, target.conversationId, target.seq - 1, target.authorId],
    );
  }
}

/** A changed message's mentions, rows and column (inside the caller's transaction, the message row locked). */
export async function replaceMentions(db: Queryable, messageId: number, mentions: MessageMentions | undefined): Promise<void> {
  const { rows } = await db.query<{ conversation_id: string; thread_id: string; seq: string; author_id: string }>(
    'UPDATE messages SET mentions = $2 WHERE id = $1 RETURNING conversation_id, thread_id, seq, author_id',
    [messageId, mentionsJson(mentions)],
  );
  const row = rows[0]!;
  await writeMentionRows(
    db,
    {
      id: messageId,
      conversationId: Number(row.conversation_id),
      threadId: Number(row.thread_id),
      seq: Number(row.seq),
      authorId: Number(row.author_id),
    },
    mentions,
  );
}

export function mentionStore(pool: pg.Pool): Pick<MemberStore, 'findMembers' | 'mentionCount'> & Pick<MessageStore, 'mentionedUserIds'> {
  return {
    async findMembers(conversationId, { usernames = [], userIds = [] }) {
      const { rows } = await pool.query<{ user_id: string }>(
        `SELECT m.user_id FROM members m JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = $1 AND u.deactivated_at IS NULL
           AND (lower(u.username) = ANY($2::text[]) OR u.id = ANY($3::bigint[]))
         ORDER BY m.user_id`,
        [conversationId, usernames.map((name) => name.toLowerCase()), userIds],
      );
      return rows.map((row) => Number(row.user_id));
    },
    async mentionCount(conversationId, userId) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT ${CONVERSATION_MENTIONS} AS n FROM members me WHERE me.conversation_id = $1 AND me.user_id = $2`,
        [conversationId, userId],
      );
      return rows[0] ? Number(rows[0].n) : 0;
    },
    async mentionedUserIds(messageId) {
      const { rows } = await pool.query<{ user_id: string }>(
        'SELECT user_id FROM mentions WHERE message_id = $1 AND user_id <> 0 ORDER BY user_id',
        [messageId],
      );
      return rows.map((row) => Number(row.user_id));
    },
  };
}
