// Changes to stored messages — edit, delete, react — each one transaction that ticks the conversation's clock
// and stamps the message with it. The WHERE clauses carry the rules that must hold at write time (own message,
// not deleted), so a change racing a deletion cannot bring its text back.
import type { Message, MessageVersion } from '../../shared/protocol.js';
import { ReactionLimit, type MessageMentions, type MessageRewrite, type MessageStore, type ReactionChange } from '../storage.js';
import { mentionsJson } from '../mentions-json.js';
import { replaceMentions } from './mentions.js';
import { messageById, tick } from './change-log.js';
import type { SqliteDb } from './db.js';

type Changes = Pick<MessageStore, 'editMessage' | 'deleteMessage' | 'addReaction' | 'removeReaction' | 'messageVersions'>;

export function messageChanges(s: SqliteDb): Changes {
  /** The conversation of an undeleted message that passes `condition`, or null. */
  const target = (messageId: number, condition: string, ...params: unknown[]) =>
    (
      s.sql(`SELECT conversation_id, body, broadcast_id FROM messages WHERE id = ? AND deleted_at IS NULL ${condition}`).get(messageId, ...params) as
        | { conversation_id: number; body: string; broadcast_id: number | null }
        | undefined
    ) ?? null;

  const stamp = (messageId: number, conversationId: number) => {
    const { clock } = tick(s, conversationId, false);
    s.sql('UPDATE messages SET clock = ? WHERE id = ?').run(clock, messageId);
    return messageById(s, messageId)!;
  };

  /**
   * A copy in the channel is changed through its reply: the id of the message an edit or deletion is about (the copy
   * itself once retention took its reply).
   */
  const original = (messageId: number) => {
    const row = s
      .sql('SELECT r.id FROM messages c JOIN messages r ON r.id = c.broadcast_id WHERE c.id = ? AND c.broadcast_root IS NOT NULL')
      .get(messageId) as { id: number } | undefined;
    return row?.id ?? messageId;
  };

  /** The other half of a pair as it is now; gone when retention deleted it (the two can fall on either side of a cut). */
  const linkedOf = (message: Message, copyId: number | null): MessageRewrite => {
    const linked = copyId === null ? null : messageById(s, copyId);
    return linked ? { message, linked } : { message };
  };

  /** Stamps the message and its channel copy (if any) with one tick. */
  const stampBoth = (messageId: number, copyId: number | null, conversationId: number): MessageRewrite => {
    const message = stamp(messageId, conversationId);
    if (copyId !== null) s.sql('UPDATE messages SET clock = ? WHERE id = ?').run(message.clock, copyId);
    return linkedOf(message, copyId);
  };

  const own = `AND author_id = ? AND kind = 'user'`;

  const edit = s.db.transaction((named: number, authorId: number, body: string, at: number, mentions?: MessageMentions): MessageRewrite | null => {
    const messageId = original(named);
    const found = target(messageId, own, authorId);
    if (!found) return null;
    if (found.body === body) return linkedOf(messageById(s, messageId)!, found.broadcast_id);
    s.sql('INSERT INTO message_versions (message_id, body, replaced_at) VALUES (?, ?, ?)').run(messageId, found.body, at);
    s.sql('UPDATE messages SET body = ?, edited_at = ? WHERE id = ?').run(body, at, messageId);
    replaceMentions(s, messageId, mentions);
    if (found.broadcast_id !== null) {
      s.sql(`UPDATE messages SET body = ?, edited_at = ?, mentions = ? WHERE id = ? AND deleted_at IS NULL`).run(body, at, mentionsJson(mentions), found.broadcast_id);
    }
    return stampBoth(messageId, found.broadcast_id, found.conversation_id);
  });

  const remove = s.db.transaction((named: number, authorId: number, at: number): MessageRewrite | null => {
    const messageId = original(named);
    const found = target(messageId, own, authorId);
    if (!found) return null;
    s.sql('DELETE FROM message_versions WHERE message_id = ?').run(messageId);
    s.sql('DELETE FROM files WHERE message_id = ?').run(messageId);
    for (const id of found.broadcast_id === null ? [messageId] : [messageId, found.broadcast_id]) {
      s.sql('DELETE FROM reactions WHERE message_id = ?').run(id);
      s.sql(`UPDATE messages SET body = '', files = NULL, file_names = NULL, deleted_at = ?, reaction_count = 0 WHERE id = ?`).run(at, id);
    }
    replaceMentions(s, messageId, undefined);
    if (found.broadcast_id !== null) s.sql('UPDATE messages SET mentions = NULL WHERE id = ?').run(found.broadcast_id);
    return stampBoth(messageId, found.broadcast_id, found.conversation_id);
  });

  const react = s.db.transaction((r: ReactionChange, max: number) => {
    const found = target(r.messageId, '');
    if (!found) return null;
    const has = s.sql('SELECT 1 FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?').get(r.messageId, r.emoji, r.userId);
    if (has) return { message: messageById(s, r.messageId)!, changed: false };
    const emoji = s.sql('SELECT emoji FROM reactions WHERE message_id = ? GROUP BY emoji').all(r.messageId) as { emoji: string }[];
    if (emoji.length >= max && !emoji.some((e) => e.emoji === r.emoji)) throw new ReactionLimit();
    s.sql('INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)').run(r.messageId, r.emoji, r.userId, r.at);
    s.sql('UPDATE messages SET reaction_count = reaction_count + 1 WHERE id = ?').run(r.messageId);
    return { message: stamp(r.messageId, found.conversation_id), changed: true };
  });

  const unreact = s.db.transaction((r: ReactionChange) => {
    const found = target(r.messageId, '');
    if (!found) return null;
    const removed = s.sql('DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?').run(r.messageId, r.emoji, r.userId);
    if (removed.changes === 0) return { message: messageById(s, r.messageId)!, changed: false };
    s.sql('UPDATE messages SET reaction_count = reaction_count - 1 WHERE id = ?').run(r.messageId);
    return { message: stamp(r.messageId, found.conversation_id), changed: true };
  });

  return {
    editMessage: async ({ messageId, authorId, body, at, mentions }) => edit.immediate(messageId, authorId, body, at, mentions),
    deleteMessage: async ({ messageId, authorId, at }) => remove.immediate(messageId, authorId, at),
    addReaction: async (reaction, max) => react.immediate(reaction, max),
    removeReaction: async (reaction) => unreact.immediate(reaction),
    async messageVersions(messageId) {
      const rows = s
        .sql('SELECT body, replaced_at FROM message_versions WHERE message_id = ? ORDER BY replaced_at, rowid')
        .all(messageId) as { body: string; replaced_at: number }[];
      return rows.map((row): MessageVersion => ({ body: row.body, replacedAt: row.replaced_at }));
    },
  };
}
