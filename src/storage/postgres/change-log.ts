// The change log's building blocks, shared by every PostgreSQL write that changes messages. The UPDATE that ticks
// a conversation's clock takes its row lock until COMMIT, so the changes of one conversation commit in clock
// order across every node, and a rolled-back change gives its tick back.
import type { ChangeBatch, Message, Reaction } from '../../shared/protocol.js';
import type { NewMessage, Notice } from '../storage.js';
import type { Queryable } from './db.js';
import { mentionsJson } from '../mentions-json.js';
import { attachFiles } from './files.js';
import { writeMentionRows } from './mentions.js';
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
  const withAny = rows.filter((row) => row.reaction_count > 0).map((row) => row.id);
  const { rows: reacted } = !withAny.length
    ? { rows: [] }
    : await db.query<{ message_id: string; emoji: string; user_id: string }>(
        `SELECT message_id, emoji, user_id FROM reactions WHERE message_id = ANY($1::bigint[])
         ORDER BY message_id, created_at, user_id`,
        [withAny],
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
  const repliers = await repliersOf(db, rows.filter((row) => Number(row.reply_count) > 0).map((row) => Number(row.id)));
  return rows.map((row) => toMessage(row, byMessage.get(Number(row.id)), repliers.get(Number(row.id))));
}

/** How many recent distinct repliers a thread summary names. */
const REPLIERS = 5;

/** The most recent distinct repliers of each root, newest first (a deleted reply still counts: deleting changes the reply, not its root). */
async function repliersOf(db: Queryable, rootIds: number[]): Promise<Map<number, number[]>> {
  const byRoot = new Map<number, number[]>();
  if (!rootIds.length) return byRoot;
  const { rows } = await db.query<{ thread_id: string; author_id: string }>(
    `SELECT thread_id, author_id, max(seq) AS last FROM messages
     WHERE thread_id = ANY($1::bigint[]) AND thread_id <> 0
     GROUP BY thread_id, author_id ORDER BY thread_id, last DESC`,
    [rootIds],
  );
  for (const row of rows) {
    const list = byRoot.get(Number(row.thread_id)) ?? [];
    if (list.length < REPLIERS) list.push(Number(row.author_id));
    byRoot.set(Number(row.thread_id), list);
  }
  return byRoot;
}

export const messageById = async (db: Queryable, id: number) => (await selectMessages(db, 'm.id = $1', [id]))[0] ?? null;

/**
 * Inserts at the next seq (inside the caller's transaction); `clock` given: part of a change that already ticked.
 * Returns null when (author, clientId) exists: the caller rolls back, which gives the seq back.
 */
export async function insertMessage(db: Queryable, input: NewMessage, clock?: number): Promise<Message | null> {
  if (input.threadId) return insertReply(db, input, input.threadId);
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
  const inserted = await insertRow(db, input, 0, next.seq, next.clock);
  if (!inserted) return null;
  if (input.kind === 'user') {
    await db.query(
      `UPDATE members SET last_read_seq = GREATEST(last_read_seq, $3) WHERE conversation_id = $1 AND user_id = $2`,
      [input.conversationId, input.authorId, next.seq],
    );
  }
  return inserted;
}

/** Null when (author, clientId) exists: the caller rolls back, which gives the seq back. */
async function insertRow(db: Queryable, input: NewMessage, threadId: number, seq: number, clock: number): Promise<Message | null> {
  // A concurrent retry with the same clientId makes this insert wait for the other transaction, then do
  // nothing once it has committed.
  const inserted = await db.query<MessageRow>(
    `WITH m AS (
       INSERT INTO messages (conversation_id, thread_id, seq, kind, author_id, body, client_id, created_at, clock, created_clock, mentions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
       ON CONFLICT (author_id, client_id) DO NOTHING RETURNING *
     )
     SELECT ${MESSAGE_COLUMNS} FROM m JOIN users u ON u.id = m.author_id`,
    [
      input.conversationId,
      threadId,
      seq,
      input.kind,
      input.authorId,
      input.body,
      input.clientId,
      input.createdAt,
      clock,
      mentionsJson(input.mentions),
    ],
  );
  const row = inserted.rows[0];
  if (!row) return null;
  if (input.mentions) {
    await writeMentionRows(db, { id: Number(row.id), conversationId: input.conversationId, threadId, seq, authorId: input.authorId }, input.mentions);
  }
  const message = toMessage(row); // a new message has no reactions or replies yet
  if (input.fileIds?.length) {
    message.files = await attachFiles(db, { id: message.id, conversationId: input.conversationId, authorId: input.authorId }, input.fileIds);
  }
  return message;
}

/**
 * A reply: the next seq of its thread (the root's row lock orders a thread's replies), and one clock tick for it
 * and its root's summary. Its author follows the thread, read up to it; so does the root's author, from the start.
 */
async function insertReply(db: Queryable, input: NewMessage, rootId: number): Promise<Message | null> {
  const { clock } = await tick(db, input.conversationId, false);
  const { rows } = await db.query<{ reply_count: string; author_id: string }>(
    `UPDATE messages SET reply_count = reply_count + 1, last_reply_at = $2, clock = $3
     WHERE id = $1 AND conversation_id = $4 AND thread_id = 0 RETURNING reply_count, author_id`,
    [rootId, input.createdAt, clock, input.conversationId],
  );
  if (!rows[0]) throw new Error(`message ${rootId} is not a thread root of conversation ${input.conversationId}`);
  const seq = Number(rows[0].reply_count);
  const inserted = await insertRow(db, input, rootId, seq, clock);
  if (!inserted) return null;
  const follow = `INSERT INTO thread_reads (user_id, root_id, conversation_id, last_read_seq) VALUES ($1, $2, $3, $4)
    ON CONFLICT (user_id, root_id) DO UPDATE SET last_read_seq = GREATEST(thread_reads.last_read_seq, EXCLUDED.last_read_seq)`;
  await db.query(follow, [Number(rows[0].author_id), rootId, input.conversationId, 0]);
  await db.query(follow, [input.authorId, rootId, input.conversationId, seq]);
  return inserted;
}

/**
 * The channel's copy of a reply sent there too, in the reply's own clock tick: the next top-level seq (read for its
 * author, as their own messages are), the reply's text, mentions and files to show, but no mention rows of its own
 * (the reply notified those it names). Returns both halves as they now are.
 */
export async function insertChannelCopy(db: Queryable, reply: Message, input: NewMessage): Promise<{ reply: Message; copy: Message }> {
  const copy = (await insertMessage(db, { ...input, threadId: null, clientId: null, mentions: undefined, fileIds: undefined }, reply.clock))!;
  await db.query(
    `UPDATE messages SET (mentions, files, broadcast_id, broadcast_root) =
       (SELECT r.mentions, r.files, r.id, r.thread_id FROM messages r WHERE r.id = $1) WHERE id = $2`,
    [reply.id, copy.id],
  );
  await db.query('UPDATE messages SET broadcast_id = $2 WHERE id = $1', [reply.id, copy.id]);
  return { reply: (await messageById(db, reply.id))!, copy: (await messageById(db, copy.id))! };
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
