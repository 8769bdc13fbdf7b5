// The change log's building blocks, shared by every PostgreSQL write that changes messages. The UPDATE that ticks
// a conversation's clock takes its row lock until COMMIT, so the changes of one conversation commit in clock
// order across every node, and a rolled-back change gives its tick back.
import type { ChangeBatch, Message, Reaction } from '../../shared/protocol.js';
import type { NewMessage, Notice } from '../storage.js';
import type { Queryable } from './db.js';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './rows.js';

export async function tick(db: Queryable, conversationId: number, newMessage: boolean): Promise<{ seq: number; clock: number }> {
  const { rows } = await db.query<{ last_seq: string; clock: string }>(
    newMessage
      ? 'UPDATE conversations SET last_seq = last_seq + 1, clock = clock + 1 WHERE id = $1 RETURNING last_seq, clock'
      : 'UPDATE conversations SET clock = clock + 1 WHERE id = $1 RETURNING last_seq, clock',
    [conversationId],
  );
  if (!rows[0]) throw new Error(`conversation ${conversationId} does not exist`);
  return { seq: Number(rows[0].last_seq), clock: Number(rows[0].clock) };
}

/** Messages matching `where`, with their reactions, in `tail`'s order. */
export async function selectMessages(db: Queryable, where: string, params: unknown[], tail = 'ORDER BY m.seq'): Promise<Message[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE ${where} ${tail}`,
    params,
  );
  return withReactions(db, rows);
}

export async function withReactions(db: Queryable, rows: MessageRow[]): Promise<Message[]> {
  if (!rows.length) return [];
  const { rows: reacted } = await db.query<{ message_id: string; emoji: string; user_id: string }>(
    `SELECT message_id, emoji, user_id FROM reactions WHERE message_id = ANY($1::bigint[])
     ORDER BY message_id, created_at, user_id`,
    [rows.map((row) => row.id)],
  );
  const byMessage = new Map<number, Reaction[]>();
  for (const row of reacted) {
    const id = Number(row.message_id);
    let list = byMessage.get(id);
    if (!list) byMessage.set(id, (list = []));
    const reaction = list.find((r) => r.emoji === row.emoji);
    if (reaction) reaction.userIds.push(Number(row.user_id));
    else list.push({ emoji: row.emoji, userIds: [Number(row.user_id)] });
  }
  return rows.map((row) => toMessage(row, byMessage.get(Number(row.id))));
}

export const messageById = async (db: Queryable, id: number) => (await selectMessages(db, 'm.id = $1', [id]))[0] ?? null;

/**
 * Inserts at the next seq (inside the caller's transaction); `clock` given: part of a change that already ticked.
 * Returns null when (author, clientId) exists: the caller rolls back, which gives the seq back.
 */
export async function insertMessage(db: Queryable, input: NewMessage, clock?: number): Promise<Message | null> {
  const next =
    clock === undefined
      ? await tick(db, input.conversationId, true)
      : {
          clock,
          seq: Number(
            (
              await db.query<{ last_seq: string }>(
                'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq',
                [input.conversationId],
              )
            ).rows[0]!.last_seq,
          ),
        };
  // A concurrent retry with the same clientId makes this insert wait for the other transaction, then do
  // nothing once it has committed.
  const inserted = await db.query<MessageRow>(
    `WITH m AS (
       INSERT INTO messages (conversation_id, seq, kind, author_id, body, client_id, created_at, clock)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (author_id, client_id) DO NOTHING RETURNING *
     )
     SELECT ${MESSAGE_COLUMNS} FROM m JOIN users u ON u.id = m.author_id`,
    [input.conversationId, next.seq, input.kind, input.authorId, input.body, input.clientId, input.createdAt, next.clock],
  );
  if (!inserted.rows[0]) return null;
  if (input.kind === 'user') {
    await db.query(
      `UPDATE members SET last_read_seq = GREATEST(last_read_seq, $3) WHERE conversation_id = $1 AND user_id = $2`,
      [input.conversationId, input.authorId, next.seq],
    );
  }
  // A new message has no reactions yet.
  return toMessage(inserted.rows[0]);
}

/** Posts system notices as one change: one clock tick, however many notices. */
export async function postNotices(db: Queryable, conversationId: number, notices: Notice[], at: number): Promise<ChangeBatch | null> {
  if (!notices.length) return null;
  const clock = (await tick(db, conversationId, false)).clock;
  const messages: Message[] = [];
  for (const notice of notices) {
    const input = { conversationId, authorId: notice.authorId, kind: 'system' as const, body: notice.body, clientId: null, createdAt: at };
    messages.push((await insertMessage(db, input, clock))!);
  }
  return { conversationId, since: clock - 1, clock, messages };
}
