// The change log's building blocks, shared by every SQLite write that changes messages: tick a conversation's
// clock, append a message at the next seq, and read messages back with their reactions. Callers run these
// inside their own transaction, so a change and its clock tick commit together.
import type { ChangeBatch, Message, Reaction } from '../../shared/protocol.js';
import type { NewMessage } from '../storage.js';
import type { SqliteDb } from './db.js';
import { mentionsJson } from '../mentions-json.js';
import { attachFiles } from './files.js';
import { writeMentionRows } from './mentions.js';
import { toMessage, type MessageRow } from './rows.js';

export const MESSAGE_FROM = `SELECT m.id, m.conversation_id, m.seq, m.kind, m.author_id, u.username AS author_name,
  m.body, m.client_id, m.created_at, m.clock, m.edited_at, m.deleted_at, m.thread_id, m.reply_count, m.reaction_count, m.last_reply_at, m.created_clock, m.mentions, m.files,
  m.broadcast_id, m.broadcast_root
  FROM messages m JOIN users u ON u.id = m.author_id`;

/** Message rows from MESSAGE_FROM plus `where`, read as arrays and built here (pages of wide rows: ~40% cheaper). */
export function messageRows(s: SqliteDb, where: string, ...params: unknown[]): MessageRow[] {
  const rows = s.rawSql(`${MESSAGE_FROM} ${where}`).all(...params) as unknown[][];
  return rows.map((r) => ({
    id: r[0] as number,
    conversation_id: r[1] as number,
    seq: r[2] as number,
    kind: r[3] as MessageRow['kind'],
    author_id: r[4] as number,
    author_name: r[5] as string,
    body: r[6] as string,
    client_id: r[7] as string | null,
    created_at: r[8] as number,
    clock: r[9] as number,
    edited_at: r[10] as number | null,
    deleted_at: r[11] as number | null,
    thread_id: r[12] as number,
    reply_count: r[13] as number,
    reaction_count: r[14] as number,
    last_reply_at: r[15] as number | null,
    created_clock: r[16] as number,
    mentions: r[17] as string | null,
    files: r[18] as string | null,
    broadcast_id: r[19] as number | null,
    broadcast_root: r[20] as number | null,
  }));
}

/** How many recent distinct repliers a thread summary names. */
const REPLIERS = 5;

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
  if (input.threadId) return insertReply(s, input, input.threadId);
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
  const id = insertRow(s, input, 0, next.seq, next.clock);
  if (input.kind === 'user') {
    s.sql('UPDATE members SET last_read_seq = ? WHERE conversation_id = ? AND user_id = ?').run(
      next.seq,
      input.conversationId,
      input.authorId,
    );
  }
  return messageById(s, id)!;
}

function insertRow(s: SqliteDb, input: NewMessage, threadId: number, seq: number, clock: number): number {
  const { id } = s
    .sql(
      `INSERT INTO messages (conversation_id, thread_id, seq, kind, author_id, body, client_id, created_at, clock, created_clock, mentions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      input.conversationId,
      threadId,
      seq,
      input.kind,
      input.authorId,
      input.body,
      input.clientId,
      input.createdAt,
      clock,
      clock,
      mentionsJson(input.mentions),
    ) as { id: number };
  if (input.mentions) {
    writeMentionRows(s, { id, conversationId: input.conversationId, threadId, seq, authorId: input.authorId }, input.mentions);
  }
  if (input.fileIds?.length) attachFiles(s, { id, conversationId: input.conversationId, authorId: input.authorId }, input.fileIds);
  return id;
}

/**
 * A reply: the next seq of its thread, and one clock tick for it and its root's summary. Its author follows the
 * thread, read up to this reply; so does the root's author, from the start.
 */
function insertReply(s: SqliteDb, input: NewMessage, rootId: number): Message {
  const { clock } = tick(s, input.conversationId, false);
  const root = s
    .sql(
      `UPDATE messages SET reply_count = reply_count + 1, last_reply_at = ?, clock = ?
       WHERE id = ? AND conversation_id = ? AND thread_id = 0 RETURNING reply_count, author_id`,
    )
    .get(input.createdAt, clock, rootId, input.conversationId) as { reply_count: number; author_id: number } | undefined;
  if (!root) throw new Error(`message ${rootId} is not a thread root of conversation ${input.conversationId}`);
  const id = insertRow(s, input, rootId, root.reply_count, clock);
  const follow = s.sql(
    `INSERT INTO thread_reads (user_id, root_id, conversation_id, last_read_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, root_id) DO UPDATE SET last_read_seq = max(last_read_seq, excluded.last_read_seq)`,
  );
  follow.run(root.author_id, rootId, input.conversationId, 0);
  follow.run(input.authorId, rootId, input.conversationId, root.reply_count);
  return messageById(s, id)!;
}

/**
 * The channel's copy of a reply sent there too, in the reply's own clock tick: the next top-level seq (read for its
 * author, as their own messages are), the reply's text, mentions and files to show, but no mention rows of its own
 * (the reply notified those it names). Returns both halves as they now are.
 */
export function insertChannelCopy(s: SqliteDb, reply: Message, input: NewMessage): { reply: Message; copy: Message } {
  const copy = insertMessage(s, { ...input, threadId: null, clientId: null, mentions: undefined, fileIds: undefined }, reply.clock);
  s.sql(
    `UPDATE messages SET (mentions, files, broadcast_id, broadcast_root) =
       (SELECT r.mentions, r.files, r.id, r.thread_id FROM messages r WHERE r.id = ?) WHERE id = ?`,
  ).run(reply.id, copy.id);
  s.sql('UPDATE messages SET broadcast_id = ? WHERE id = ?').run(copy.id, reply.id);
  return { reply: messageById(s, reply.id)!, copy: messageById(s, copy.id)! };
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

/** Rows to messages, with their reactions and thread summaries (one query each for all of them), in order. */
export function withReactions(s: SqliteDb, rows: MessageRow[]): Message[] {
  if (!rows.length) return [];
  const withAny = rows.filter((row) => row.reaction_count > 0).map((row) => row.id);
  const reacted = !withAny.length
    ? []
    : (s
        .sql(
          `SELECT message_id, emoji, user_id FROM reactions WHERE message_id IN (SELECT value FROM json_each(?))
           ORDER BY message_id, created_at, user_id`,
        )
        .all(JSON.stringify(withAny)) as { message_id: number; emoji: string; user_id: number }[]);
  const byMessage = new Map<number, Reaction[]>();
  for (const { message_id, emoji, user_id } of reacted) {
    let list = byMessage.get(message_id);
    if (!list) byMessage.set(message_id, (list = []));
    const reaction = list.find((r) => r.emoji === emoji);
    if (reaction) reaction.userIds.push(user_id);
    else list.push({ emoji, userIds: [user_id] });
  }
  const repliers = repliersOf(s, rows.filter((row) => row.reply_count > 0).map((row) => row.id));
  return rows.map((row) => toMessage(row, byMessage.get(row.id), repliers.get(row.id)));
}

/** The most recent distinct repliers of each root, newest first (a deleted reply still counts: deleting changes the reply, not its root). */
function repliersOf(s: SqliteDb, rootIds: number[]): Map<number, number[]> {
  const byRoot = new Map<number, number[]>();
  if (!rootIds.length) return byRoot;
  const rows = s
    .sql(
      `SELECT thread_id, author_id, max(seq) AS last FROM messages
       WHERE thread_id IN (SELECT value FROM json_each(?)) AND thread_id <> 0
       GROUP BY thread_id, author_id ORDER BY thread_id, last DESC`,
    )
    .all(JSON.stringify(rootIds)) as { thread_id: number; author_id: number }[];
  for (const { thread_id, author_id } of rows) {
    const list = byRoot.get(thread_id) ?? [];
    if (list.length < REPLIERS) list.push(author_id);
    byRoot.set(thread_id, list);
  }
  return byRoot;
}
