// Changes to stored messages — edit, delete, react — each one transaction that ticks the conversation's clock
// and stamps the message with it. The message row is locked first (FOR UPDATE) and the rules that must hold at
// write time (own message, not deleted) are in its WHERE clause, so a change racing a deletion cannot undo it.
import type pg from 'pg';
import type { Message, MessageVersion } from '../../shared/protocol.js';
import { ReactionLimit, type MessageRewrite, type MessageStore } from '../storage.js';
import { mentionsJson } from '../mentions-json.js';
import { messageById, tick } from './change-log.js';
import { replaceMentions } from './mentions.js';
import { transaction, type Queryable } from './db.js';

type Changes = Pick<MessageStore, 'editMessage' | 'deleteMessage' | 'addReaction' | 'removeReaction' | 'messageVersions'>;

export function messageChanges(pool: pg.Pool): Changes {
  async function target(db: Queryable, messageId: number, condition = '', params: unknown[] = []) {
    const { rows } = await db.query<{ conversation_id: string; body: string; broadcast_id: string | null }>(
      `SELECT conversation_id, body, broadcast_id FROM messages WHERE id = $1 AND deleted_at IS NULL ${condition} FOR UPDATE`,
      [messageId, ...params],
    );
    const row = rows[0];
    return row ? { conversationId: Number(row.conversation_id), body: row.body, copyId: row.broadcast_id === null ? null : Number(row.broadcast_id) } : null;
  }

  async function stamp(db: Queryable, messageId: number, conversationId: number) {
    const { clock } = await tick(db, conversationId, false);
    await db.query('UPDATE messages SET clock = $2 WHERE id = $1', [messageId, clock]);
    return (await messageById(db, messageId))!;
  }

  /**
   * A copy in the channel is changed through its reply: the id of the message an edit or deletion is about (the copy
   * itself once retention took its reply).
   */
  async function original(db: Queryable, messageId: number) {
    const { rows } = await db.query<{ id: string }>(
      'SELECT r.id FROM messages c JOIN messages r ON r.id = c.broadcast_id WHERE c.id = $1 AND c.broadcast_root IS NOT NULL',
      [messageId],
    );
    return rows[0] ? Number(rows[0].id) : messageId;
  }

  /** The other half of a pair as it is now; gone when retention deleted it (the two can fall on either side of a cut). */
  async function linkedOf(db: Queryable, message: Message, copyId: number | null): Promise<MessageRewrite> {
    const linked = copyId === null ? null : await messageById(db, copyId);
    return linked ? { message, linked } : { message };
  }

  /** Stamps the message and its channel copy (if any) with one tick. */
  async function stampBoth(db: Queryable, messageId: number, copyId: number | null, conversationId: number): Promise<MessageRewrite> {
    const message = await stamp(db, messageId, conversationId);
    if (copyId !== null) await db.query('UPDATE messages SET clock = $2 WHERE id = $1', [copyId, message.clock]);
    return linkedOf(db, message, copyId);
  }

  const own = `AND author_id = $2 AND kind = 'user'`;

  return {
    editMessage: ({ messageId: named, authorId, body, at, mentions }) =>
      transaction(pool, async (db): Promise<MessageRewrite | null> => {
        const messageId = await original(db, named);
        const found = await target(db, messageId, own, [authorId]);
        if (!found) return null;
        if (found.body === body) return linkedOf(db, (await messageById(db, messageId))!, found.copyId);
        await db.query('INSERT INTO message_versions (message_id, body, replaced_at) VALUES ($1, $2, $3)', [messageId, found.body, at]);
        await db.query('UPDATE messages SET body = $2, edited_at = $3 WHERE id = $1', [messageId, body, at]);
        await replaceMentions(db, messageId, mentions);
        if (found.copyId !== null) {
          await db.query('UPDATE messages SET body = $2, edited_at = $3, mentions = $4 WHERE id = $1 AND deleted_at IS NULL', [
            found.copyId,
            body,
            at,
            mentionsJson(mentions),
          ]);
        }
        return stampBoth(db, messageId, found.copyId, found.conversationId);
      }),
    deleteMessage: ({ messageId: named, authorId, at }) =>
      transaction(pool, async (db) => {
        const messageId = await original(db, named);
        const found = await target(db, messageId, own, [authorId]);
        if (!found) return null;
        const both = found.copyId === null ? [messageId] : [messageId, found.copyId];
        // A reaction to the copy committing meanwhile would otherwise outlive the tombstone.
        if (found.copyId !== null) await db.query('SELECT 1 FROM messages WHERE id = $1 FOR UPDATE', [found.copyId]);
        await db.query('DELETE FROM message_versions WHERE message_id = $1', [messageId]);
        await db.query('DELETE FROM reactions WHERE message_id = ANY($1::bigint[])', [both]);
        await db.query('DELETE FROM files WHERE message_id = $1', [messageId]);
        await db.query(
          `UPDATE messages SET body = '', files = NULL, file_names = NULL, deleted_at = $2, reaction_count = 0 WHERE id = ANY($1::bigint[])`,
          [both, at],
        );
        await replaceMentions(db, messageId, undefined);
        if (found.copyId !== null) await db.query('UPDATE messages SET mentions = NULL WHERE id = $1', [found.copyId]);
        return stampBoth(db, messageId, found.copyId, found.conversationId);
      }),
    addReaction: (r, max) =>
      transaction(pool, async (db) => {
        const found = await target(db, r.messageId);
        if (!found) return null;
        const { rows } = await db.query<{ emoji: string }>('SELECT DISTINCT emoji FROM reactions WHERE message_id = $1', [r.messageId]);
        if (rows.length >= max && !rows.some((row) => row.emoji === r.emoji)) throw new ReactionLimit();
        const inserted = await db.query(
          `INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [r.messageId, r.emoji, r.userId, r.at],
        );
        if (inserted.rowCount === 0) return { message: (await messageById(db, r.messageId))!, changed: false };
        await db.query('UPDATE messages SET reaction_count = reaction_count + 1 WHERE id = $1', [r.messageId]);
        return { message: await stamp(db, r.messageId, found.conversationId), changed: true };
      }),
    removeReaction: (r) =>
      transaction(pool, async (db) => {
        const found = await target(db, r.messageId);
        if (!found) return null;
        const removed = await db.query('DELETE FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3', [
          r.messageId,
          r.emoji,
          r.userId,
        ]);
        if (removed.rowCount === 0) return { message: (await messageById(db, r.messageId))!, changed: false };
        await db.query('UPDATE messages SET reaction_count = reaction_count - 1 WHERE id = $1', [r.messageId]);
        return { message: await stamp(db, r.messageId, found.conversationId), changed: true };
      }),
    async messageVersions(messageId) {
      const { rows } = await pool.query<{ body: string; replaced_at: string }>(
        'SELECT body, replaced_at FROM message_versions WHERE message_id = $1 ORDER BY id',
        [messageId],
      );
      return rows.map((row): MessageVersion => ({ body: row.body, replacedAt: Number(row.replaced_at) }));
    },
  };
}
