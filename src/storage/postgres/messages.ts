// Appending messages with contiguous per-conversation seqs, and reading them back by seq.
import type pg from 'pg';
import type { MessageStore } from '../storage.js';
import { transaction, type Queryable } from './db.js';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './rows.js';


/** Thrown inside the append transaction to roll it back (and give the seq back) when the clientId was seen before. */
class AlreadySent extends Error {}

export function messageStore(pool: pg.Pool): MessageStore {
  async function select(db: Queryable, where: string, params: unknown[], tail = 'ORDER BY m.seq') {
    const { rows } = await db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE ${where} ${tail}`,
      params,
    );
    return rows.map(toMessage);
  }

  const findSent = async (authorId: number, clientId: string) =>
    (await select(pool, 'm.author_id = $1 AND m.client_id = $2', [authorId, clientId]))[0];

  return {
    async appendMessage(message) {
      try {
        const created = await transaction(pool, async (client) => {
          // The row lock taken by this UPDATE serialises writers of one conversation (across every node) until
          // COMMIT, so each takes the next seq and a rolled-back append leaves no gap.
          const { rows } = await client.query<{ last_seq: string }>(
            'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq',
            [message.conversationId],
          );
          if (!rows[0]) throw new Error(`conversation ${message.conversationId} does not exist`);
          const seq = rows[0].last_seq;
          // A concurrent retry with the same clientId makes this insert wait for the other transaction, then do
          // nothing once it has committed.
          const inserted = await client.query<MessageRow>(
            `WITH m AS (
               INSERT INTO messages (conversation_id, seq, kind, author_id, body, client_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (author_id, client_id) DO NOTHING RETURNING *
             )
             SELECT ${MESSAGE_COLUMNS} FROM m JOIN users u ON u.id = m.author_id`,
            [message.conversationId, seq, message.kind, message.authorId, message.body, message.clientId, message.createdAt],
          );
          if (!inserted.rows[0]) throw new AlreadySent();
          if (message.kind === 'user') {
            await client.query(
              `UPDATE members SET last_read_seq = GREATEST(last_read_seq, $3)
               WHERE conversation_id = $1 AND user_id = $2`,
              [message.conversationId, message.authorId, seq],
            );
          }
          return toMessage(inserted.rows[0]);
        });
        return { message: created, created: true };
      } catch (error) {
        if (!(error instanceof AlreadySent) || message.clientId === null) throw error;
        return { message: (await findSent(message.authorId, message.clientId))!, created: false };
      }
    },
    async history(conversationId, { before, limit }) {
      const newestFirst = await select(
        pool,
        'm.conversation_id = $1 AND ($2::bigint IS NULL OR m.seq < $2)',
        [conversationId, before ?? null, limit],
        'ORDER BY m.seq DESC LIMIT $3',
      );
      return newestFirst.reverse();
    },
    messagesAfter: (conversationId, after, limit) =>
      select(pool, 'm.conversation_id = $1 AND m.seq > $2', [conversationId, after, limit], 'ORDER BY m.seq LIMIT $3'),
  };
}
