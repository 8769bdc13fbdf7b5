// Mentions on SQLite: the rows that count them (written in the transaction of the message's append, edit or
// deletion) and the counts of one reader, per conversation or thread.
import { mentionRowUsers, mentionsJson } from '../mentions-json.js';
import type { MemberStore, MessageMentions, MessageStore } from '../storage.js';
import type { SqliteDb } from './db.js';

/**
 * Unread mentions of the member `me` (a members row) in its conversation's top-level messages; 0 for a
 * non-member (a LEFT JOIN that found none). One row per message, whether it named them, or said @channel, or both.
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
export function writeMentionRows(s: SqliteDb, target: Target, mentions: MessageMentions | undefined): void {
  s.sql('DELETE FROM mentions WHERE message_id = ?').run(target.id);
  const users = mentionRowUsers(mentions, target.authorId);
  if (!users.length) return;
  s.sql(
    `INSERT INTO mentions (message_id, user_id, conversation_id, thread_id, seq, author_id)
     SELECT ?, value, ?, ?, ?, ? FROM json_each(?)`,
  ).run(target.id, target.conversationId, target.threadId, target.seq, target.authorId, JSON.stringify(users));
  if (target.threadId && mentions?.userIds.length) {
    s.sql(
      `INSERT INTO thread_reads (user_id, root_id, conversation_id, last_read_seq)
       SELECT value, ?, ?, ? FROM json_each(?) WHERE value <> ? ON CONFLICT DO NOTHING`,
    ).run(target.threadId, target.conversationId, target.seq - 1, JSON.stringify(mentions.userIds), target.authorId);
  }
}

/** A changed message's mentions, rows and column, from what storage holds of it. */
export function replaceMentions(s: SqliteDb, messageId: number, mentions: MessageMentions | undefined): void {
  const row = s.sql('SELECT conversation_id, thread_id, seq, author_id FROM messages WHERE id = ?').get(messageId) as {
    conversation_id: number;
    thread_id: number;
    seq: number;
    author_id: number;
  };
  s.sql('UPDATE messages SET mentions = ? WHERE id = ?').run(mentionsJson(mentions), messageId);
  writeMentionRows(
    s,
    { id: messageId, conversationId: row.conversation_id, threadId: row.thread_id, seq: row.seq, authorId: row.author_id },
    mentions,
  );
}

export function mentionStore(s: SqliteDb): Pick<MemberStore, 'findMembers' | 'mentionCount'> & Pick<MessageStore, 'mentionedUserIds'> {
  return {
    async findMembers(conversationId, { usernames = [], userIds = [] }) {
      const rows = s
        .sql(
          `SELECT m.user_id FROM members m JOIN users u ON u.id = m.user_id
           WHERE m.conversation_id = ? AND u.deactivated_at IS NULL
             AND (u.username_key IN (SELECT value FROM json_each(?)) OR u.id IN (SELECT value FROM json_each(?)))
           ORDER BY m.user_id`,
        )
        .all(conversationId, JSON.stringify(usernames.map((name) => name.toLowerCase())), JSON.stringify(userIds)) as {
        user_id: number;
      }[];
      return rows.map((row) => row.user_id);
    },
    async mentionCount(conversationId, userId) {
      const row = s
        .sql(`SELECT ${CONVERSATION_MENTIONS} AS n FROM members me WHERE me.conversation_id = ? AND me.user_id = ?`)
        .get(conversationId, userId) as { n: number } | undefined;
      return row?.n ?? 0;
    },
    async mentionedUserIds(messageId) {
      const rows = s.sql('SELECT user_id FROM mentions WHERE message_id = ? AND user_id <> 0 ORDER BY user_id').all(messageId) as {
        user_id: number;
      }[];
      return rows.map((row) => row.user_id);
    },
  };
}
