// Messages: appending with the next per-conversation sequence number, history pages, catch-up by clock.
import type { MessageStore, NewMessage, AppendResult } from '../storage.js';
import { currentClock, insertMessage, MESSAGE_FROM, messageById, withReactions } from './change-log.js';
import type { SqliteDb } from './db.js';
import { GroupCommit } from './group-commit.js';
import { messageChanges } from './message-changes.js';
import type { MessageRow } from './rows.js';

export function messageStore(s: SqliteDb): MessageStore {
  // One transaction (a savepoint within a group commit): the single SQLite writer makes seq assignment and
  // insert atomic.
  const append = s.db.transaction((input: NewMessage): AppendResult => {
    if (input.clientId !== null) {
      const existing = s
        .sql('SELECT id FROM messages WHERE author_id = ? AND client_id = ?')
        .get(input.authorId, input.clientId) as { id: number } | undefined;
      if (existing) return { message: messageById(s, existing.id)!, created: false };
    }
    // A new message has no reactions yet: skip their lookup on the hot path.
    return { message: insertMessage(s, input), created: true };
  });

  const appends = new GroupCommit(s.db, append);
  s.beforeClose(() => appends.flush());

  const list = (where: string, ...params: unknown[]) => withReactions(s, s.sql(`${MESSAGE_FROM} ${where}`).all(...params) as MessageRow[]);

  return {
    ...messageChanges(s),
    appendMessage: (input) => appends.run(input),
    getMessage: async (id) => messageById(s, id),
    getClock: async (conversationId) => currentClock(s, conversationId),
    async history(conversationId, { before, limit }) {
      return list(
        'WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?',
        conversationId,
        before ?? Number.MAX_SAFE_INTEGER,
        limit,
      ).reverse();
    },
    messagesAfter: async (conversationId, after, limit) =>
      list('WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?', conversationId, after, limit),
    async changesSince(conversationId, since, limit) {
      const clock = currentClock(s, conversationId);
      const messages = list('WHERE m.conversation_id = ? AND m.clock > ? ORDER BY m.clock, m.seq LIMIT ?', conversationId, since, limit);
      return { clock, messages };
    },
  };
}
