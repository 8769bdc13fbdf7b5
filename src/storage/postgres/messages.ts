// Appending messages with contiguous per-conversation seqs and clock ticks, reading them back by seq or clock.
import type pg from 'pg';
import type { Message } from '../../shared/protocol.js';
import type { MessageStore } from '../storage.js';
import { changesSince } from '../changes-since.js';
import { insertChannelCopy, insertMessage, messageById, selectMessages, withReactions } from './change-log.js';
import { transaction } from './db.js';
import { messageChanges } from './message-changes.js';
import { MESSAGE_COLUMNS, type MessageRow } from './rows.js';
import { threadReads } from './thread-reads.js';
import { mentionStore } from './mentions.js';
import { searchStore } from './search.js';

/** Thrown inside the append transaction to roll it back (and give the seq back) when the clientId was seen before. */
class AlreadySent extends Error {}

export function messageStore(pool: pg.Pool): MessageStore {
  const findSent = async (authorId: number, clientId: string) =>
    (await selectMessages(pool, 'm.author_id = $1 AND m.client_id = $2', [authorId, clientId]))[0];

  const getClock = async (conversationId: number) => {
    const { rows } = await pool.query<{ clock: string }>('SELECT clock FROM conversations WHERE id = $1', [conversationId]);
    return rows[0] ? Number(rows[0].clock) : 0;
  };

  /** A reply's root, and its copy in the channel if it was sent there too, as they are now. */
  const relatedTo = async (message: Message) => ({
    ...(message.threadId && { root: (await messageById(pool, message.threadId))! }),
    ...(message.alsoInChannel && { copy: (await messageById(pool, message.alsoInChannel))! }),
  });

  return {
    ...messageChanges(pool),
    ...threadReads(pool),
    ...searchStore(pool),
    mentionedUserIds: mentionStore(pool).mentionedUserIds,
    async appendMessage(message) {
      try {
        const created = await transaction(pool, async (client) => {
          const stored = await insertMessage(client, message);
          if (!stored) throw new AlreadySent();
          return message.threadId && message.alsoToChannel ? (await insertChannelCopy(client, stored, message)).reply : stored;
        });
        return { message: created, created: true, ...(await relatedTo(created)) };
      } catch (error) {
        if (!(error instanceof AlreadySent) || message.clientId === null) throw error;
        const original = (await findSent(message.authorId, message.clientId))!;
        return { message: original, created: false, ...(await relatedTo(original)) };
      }
    },
    getMessage: (id) => messageById(pool, id),
    getClock,
    async visibleClocks(userId, conversationIds) {
      const { rows } = await pool.query<{ id: string; clock: string }>(
        `SELECT c.id, c.clock FROM conversations c
         WHERE c.id = ANY($1::bigint[])
           AND (c.kind = 'public' OR EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $2))`,
        [conversationIds, userId],
      );
      return new Map(rows.map((row) => [Number(row.id), Number(row.clock)]));
    },
    async history(conversationId, { before, limit }) {
      const newestFirst = await selectMessages(
        pool,
        'm.conversation_id = $1 AND m.thread_id = 0 AND ($2::bigint IS NULL OR m.seq < $2)',
        [conversationId, before ?? null, limit],
        'ORDER BY m.seq DESC LIMIT $3',
      );
      return newestFirst.reverse();
    },
    messagesAfter: (conversationId, after, limit) =>
      selectMessages(
        pool,
        'm.conversation_id = $1 AND m.thread_id = 0 AND m.seq > $2',
        [conversationId, after, limit],
        'ORDER BY m.seq LIMIT $3',
      ),
    async threadHistory(rootId, { before, limit }) {
      const newestFirst = await selectMessages(
        pool,
        'm.thread_id = $1 AND m.thread_id <> 0 AND ($2::bigint IS NULL OR m.seq < $2)',
        [rootId, before ?? null, limit],
        'ORDER BY m.seq DESC LIMIT $3',
      );
      return newestFirst.reverse();
    },
    async changesSince(conversationId, since, limit) {
      // The clock first: changes committed between the reads are included, so the reader may get a change twice
      // (harmless: the newer clock wins), never miss one.
      const clock = await getClock(conversationId);
      if (clock <= since) return { clock, messages: [] };
      const candidates = (rows: MessageRow[]) =>
        rows.map((row) => ({
          id: Number(row.id),
          clock: Number(row.clock),
          createdClock: Number(row.created_clock),
          threadId: Number(row.thread_id),
          replyCount: Number(row.reply_count),
          row,
        }));
      const select = async (where: string, params: unknown[], tail: string) =>
        (
          await pool.query<MessageRow>(
            `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE ${where} ${tail}`,
            params,
          )
        ).rows;
      const found = await changesSince<MessageRow>(
        {
          changed: async (after, count) =>
            candidates(
              await select(
                'm.conversation_id = $1 AND m.clock > $2 AND m.clock <> m.created_clock',
                [conversationId, after, count],
                'ORDER BY m.clock LIMIT $3',
              ),
            ),
          newest: async (threadId, count) =>
            candidates(
              await select('m.conversation_id = $1 AND m.thread_id = $2', [conversationId, threadId, count], 'ORDER BY m.seq DESC LIMIT $3'),
            ),
        },
        since,
        limit,
      );
      return { clock, messages: await withReactions(pool, found.slice(0, limit).map((c) => c.row)) };
    },
  };
}
