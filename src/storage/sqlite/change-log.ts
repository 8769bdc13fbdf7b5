// The change log's building blocks, shared by every SQLite write that changes messages: tick a conversation's
// clock, append a message at the next seq, and read messages back with their reactions. Callers run these
// inside their own transaction, so a change and its clock tick commit together.
import type { ChangeBatch, Message, Reaction } from '../../shared/protocol.js';
import type { NewMessage } from '../storage.js';
import type { SqliteDb } from './db.js';
import { toMessage, type MessageRow } from './rows.js';

export const MESSAGE_FROM = `SELECT m.id, m.conversation_id, m.seq, m.kind, m.author_id, u.username AS author_name,
  m.body, m.client_id, m.created_at, m.clock, m.edited_at, m.deleted_at FROM messages m JOIN users u ON u.id = m.author_id`;

/** Ticks the conversation's clock (and, for a new message, its seq). Throws if the conversation is gone. */
export function tick(s: SqliteDb, conversationId: number, newMessage: boolean): { seq: number; clock: number } {
  const row = s
    .sql(
      newMessage
        ? 'UPDATE conversations SET last_seq = last_seq + 1, clock = clock + 1 WHERE id = ? RETURNING last_seq, clock'
        : 'UPDATE conversations SET clock = clock + 1 WHERE id = ? RETURNING last_seq, clock',
    )
    .get(conversationId) as { last_seq: number; clock: number } | undefined;
  if (!row) throw new Error(`conversation ${conversationId} does not exist`);
  return { seq: row.last_seq, clock: row.clock };
}

/** Inserts at the next seq and clock tick; `clock` given: part of a change that already ticked (several notices). */
export function insertMessage(s: SqliteDb, input: NewMessage, clock?: number): Message {
  const next =
    clock === undefined
      ? tick(s, input.conversationId, true)
      : {
          clock,
          seq: (
            s.sql('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq').get(input.conversationId) as {
              last_seq: number;
            }
          ).last_seq,
        };
  const stamp = next.clock;
  const { id } = s
    .sql(
      `INSERT INTO messages (conversation_id, seq, kind, author_id, body, client_id, created_at, clock)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(input.conversationId, next.seq, input.kind, input.authorId, input.body, input.clientId, input.createdAt, stamp) as {
    id: number;
  };
  if (input.kind === 'user') {
    s.sql('UPDATE members SET last_read_seq = ? WHERE conversation_id = ? AND user_id = ?').run(
      next.seq,
      input.conversationId,
      input.authorId,
    );
  }
  return messageById(s, id)!;
}

/** Posts system notices as one change: one clock tick, however many notices. */
export function postNotices(
  s: SqliteDb,
  conversationId: number,
  notices: { authorId: number; body: string }[],
  at: number,
): ChangeBatch | null {
  if (!notices.length) return null;
  const since = tick(s, conversationId, false).clock - 1;
  const messages = notices.map((notice) =>
    insertMessage(
      s,
      { conversationId, authorId: notice.authorId, kind: 'system', body: notice.body, clientId: null, createdAt: at },
      since + 1,
    ),
  );
  return { conversationId, since, clock: since + 1, messages };
}

export function currentClock(s: SqliteDb, conversationId: number): number {
  const row = s.sql('SELECT clock FROM conversations WHERE id = ?').get(conversationId) as { clock: number } | undefined;
  return row?.clock ?? 0;
}

export function messageById(s: SqliteDb, id: number): Message | null {
  const row = s.sql(`${MESSAGE_FROM} WHERE m.id = ?`).get(id) as MessageRow | undefined;
  return row ? withReactions(s, [row])[0]! : null;
}

/** Rows to messages, with their reactions (one query for all of them), in the rows' order. */
export function withReactions(s: SqliteDb, rows: MessageRow[]): Message[] {
  if (!rows.length) return [];
  const reacted = s
    .sql(
      `SELECT message_id, emoji, user_id FROM reactions WHERE message_id IN (SELECT value FROM json_each(?))
       ORDER BY message_id, created_at, user_id`,
    )
    .all(JSON.stringify(rows.map((row) => row.id))) as { message_id: number; emoji: string; user_id: number }[];
  const byMessage = new Map<number, Reaction[]>();
  for (const { message_id, emoji, user_id } of reacted) {
    let list = byMessage.get(message_id);
    if (!list) byMessage.set(message_id, (list = []));
    const reaction = list.find((r) => r.emoji === emoji);
    if (reaction) reaction.userIds.push(user_id);
    else list.push({ emoji, userIds: [user_id] });
  }
  return rows.map((row) => toMessage(row, byMessage.get(row.id)));
}
