// Changes to stored messages — edit, delete, react — each one transaction that ticks the conversation's clock
// and stamps the message with it. The WHERE clauses carry the rules that must hold at write time (own message,
// not deleted), so a change racing a deletion cannot bring its text back.
import type { MessageVersion } from '../../shared/protocol.js';
import { ReactionLimit, type MessageMentions, type MessageStore, type ReactionChange } from '../storage.js';
import { replaceMentions } from './mentions.js';
import { messageById, tick } from './change-log.js';
import type { SqliteDb } from './db.js';

type Changes = Pick<MessageStore, 'editMessage' | 'deleteMessage' | 'addReaction' | 'removeReaction' | 'messageVersions'>;

export function messageChanges(s: SqliteDb): Changes {
  /** The conversation of an undeleted message that passes `condition`, or null. */
  const target = (messageId: number, condition: string, ...params: unknown[]) =>
    (
      s.sql(`SELECT conversation_id, body FROM messages WHERE id = ? AND deleted_at IS NULL ${condition}`).get(messageId, ...params) as
        | { conversation_id: number; body: string }
        | undefined
    ) ?? null;

  const stamp = (messageId: number, conversationId: number) => {
    const { clock } = tick(s, conversationId, false);
    s.sql('UPDATE messages SET clock = ? WHERE id = ?').run(clock, messageId);
    return messageById(s, messageId)!;
  };

  const edit = s.db.transaction((messageId: number, authorId: number, body: string, at: number, mentions?: MessageMentions) => {
    const found = target(messageId, `AND author_id = ? AND kind = 'user'`, authorId);
    if (!found) return null;
    if (found.body === body) return messageById(s, messageId);
    s.sql('INSERT INTO message_versions (message_id, body, replaced_at) VALUES (?, ?, ?)').run(messageId, found.body, at);
    s.sql('UPDATE messages SET body = ?, edited_at = ? WHERE id = ?').run(body, at, messageId);
    replaceMentions(s, messageId, mentions);
    return stamp(messageId, found.conversation_id);
  });

  const remove = s.db.transaction((messageId: number, authorId: number, at: number) => {
    const found = target(messageId, `AND author_id = ? AND kind = 'user'`, authorId);
    if (!found) return null;
    s.sql('DELETE FROM message_versions WHERE message_id = ?').run(messageId);
    s.sql('DELETE FROM reactions WHERE message_id = ?').run(messageId);
    s.sql('DELETE FROM files WHERE message_id = ?').run(messageId);
    s.sql(`UPDATE messages SET body = '', files = NULL, file_names = NULL, deleted_at = ?, reaction_count = 0 WHERE id = ?`).run(at, messageId);
    replaceMentions(s, messageId, undefined);
    return stamp(messageId, found.conversation_id);
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
