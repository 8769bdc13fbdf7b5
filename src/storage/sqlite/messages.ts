// Messages: appending with the next per-conversation sequence number, history pages, catch-up.
import type { Message } from '../../shared/protocol.js';
import type { AppendResult, MessageStore, NewMessage } from '../storage.js';
import type { SqliteDb } from './db.js';
import { GroupCommit } from './group-commit.js';
import { toMessage, type MessageRow } from './rows.js';

const MESSAGE_FROM = `SELECT m.id, m.conversation_id, m.seq, m.kind, m.author_id, u.username AS author_name,
  m.body, m.client_id, m.created_at FROM messages m JOIN users u ON u.id = m.author_id`;

export function messageStore(s: SqliteDb): MessageStore {
  const byId = (id: number): Message => toMessage(s.sql(`${MESSAGE_FROM} WHERE m.id = ?`).get(id) as MessageRow);

  // One transaction (a savepoint within a group commit): the single SQLite writer makes seq assignment and
  // insert atomic.
  const append = s.db.transaction((input: NewMessage): AppendResult => {
    if (input.clientId !== null) {
      const existing = s
        .sql('SELECT id FROM messages WHERE author_id = ? AND client_id = ?')
        .get(input.authorId, input.clientId) as { id: number } | undefined;
      if (existing) return { message: byId(existing.id), created: false };
    }
    const bumped = s
      .sql('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq')
      .get(input.conversationId) as { last_seq: number } | undefined;
    if (!bumped) throw new Error(`conversation ${input.conversationId} does not exist`);
    const { id } = s
      .sql(
        `INSERT INTO messages (conversation_id, seq, kind, author_id, body, client_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(input.conversationId, bumped.last_seq, input.kind, input.authorId, input.body, input.clientId, input.createdAt) as {
      id: number;
    };
    if (input.kind === 'user') {
      s.sql('UPDATE members SET last_read_seq = ? WHERE conversation_id = ? AND user_id = ?').run(
        bumped.last_seq,
        input.conversationId,
        input.authorId,
      );
    }
    return { message: byId(id), created: true };
  });

  const appends = new GroupCommit(s.db, append);
  s.beforeClose(() => appends.flush());

  return {
    appendMessage: (input) => appends.run(input),
    async history(conversationId, { before, limit }) {
      const rows = s
        .sql(`${MESSAGE_FROM} WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`)
        .all(conversationId, before ?? Number.MAX_SAFE_INTEGER, limit) as MessageRow[];
      return rows.reverse().map(toMessage);
    },
    async messagesAfter(conversationId, after, limit) {
      const rows = s
        .sql(`${MESSAGE_FROM} WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`)
        .all(conversationId, after, limit) as MessageRow[];
      return rows.map(toMessage);
    },
  };
}
