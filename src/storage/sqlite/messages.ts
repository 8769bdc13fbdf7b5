// Messages: appending with the next per-conversation sequence number, history pages, catch-up by clock.
import { changesSince } from '../changes-since.js';
import type { MessageStore, NewMessage, AppendResult } from '../storage.js';
import { currentClock, insertChannelCopy, insertMessage, MESSAGE_FROM, messageById, messageRows, withReactions } from './change-log.js';
import type { SqliteDb } from './db.js';
import { GroupCommit } from './group-commit.js';
import { messageChanges } from './message-changes.js';
import { threadReads } from './thread-reads.js';
import { mentionStore } from './mentions.js';
import { searchStore } from './search.js';
import { pendingSearchIndex } from './search-index.js';
import type { MessageRow } from './rows.js';

export function messageStore(s: SqliteDb): MessageStore {
  // One transaction (a savepoint within a group commit): the single SQLite writer makes seq assignment and
  // insert atomic.
  const append = s.db.transaction((input: NewMessage): AppendResult => {
    if (input.clientId !== null) {
      const existing = s
        .sql('SELECT id FROM messages WHERE author_id = ? AND client_id = ?')
        .get(input.authorId, input.clientId) as { id: number } | undefined;
      if (existing) {
        const message = messageById(s, existing.id)!;
        return {
          message,
          created: false,
          ...(message.threadId && { root: messageById(s, message.threadId)! }),
          ...(message.alsoInChannel && { copy: messageById(s, message.alsoInChannel)! }),
        };
      }
    }
    const inserted = insertMessage(s, input);
    const { reply: message, copy } = input.threadId && input.alsoToChannel ? insertChannelCopy(s, inserted, input) : { reply: inserted, copy: undefined };
    return { message, created: true, ...(input.threadId && { root: messageById(s, input.threadId)! }), ...(copy && { copy }) };
  });

  const appends = new GroupCommit(s.db, append);
  s.beforeClose(() => appends.flush());
  const searchIndex = pendingSearchIndex(s); // registered after the appends: what they flush at close is merged too

  const list = (where: string, ...params: unknown[]) => withReactions(s, messageRows(s, where, ...params));

  return {
    ...messageChanges(s),
    appendMessage: (input) => appends.run(input),
    getMessage: async (id) => messageById(s, id),
    getClock: async (conversationId) => currentClock(s, conversationId),
    async visibleClocks(userId, conversationIds) {
      const rows = s
        .rawSql(
          `SELECT c.id, c.clock FROM conversations c
           WHERE c.id IN (SELECT value FROM json_each(?))
             AND (c.kind = 'public' OR EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = ?))`,
        )
        .all(JSON.stringify(conversationIds), userId) as [number, number][];
      return new Map(rows);
    },
    async history(conversationId, { before, limit }) {
      return list(
        'WHERE m.conversation_id = ? AND m.thread_id = 0 AND m.seq < ? ORDER BY m.seq DESC LIMIT ?',
        conversationId,
        before ?? Number.MAX_SAFE_INTEGER,
        limit,
      ).reverse();
    },
    messagesAfter: async (conversationId, after, limit) =>
      list('WHERE m.conversation_id = ? AND m.thread_id = 0 AND m.seq > ? ORDER BY m.seq LIMIT ?', conversationId, after, limit),
    async threadHistory(rootId, { before, limit }) {
      return list(
        'WHERE m.thread_id = ? AND m.thread_id <> 0 AND m.seq < ? ORDER BY m.seq DESC LIMIT ?',
        rootId,
        before ?? Number.MAX_SAFE_INTEGER,
        limit,
      ).reverse();
    },
    ...threadReads(s),
    ...searchStore(s, searchIndex),
    mentionedUserIds: mentionStore(s).mentionedUserIds,
    async changesSince(conversationId, since, limit) {
      const clock = currentClock(s, conversationId);
      if (clock <= since) return { clock, messages: [] };
      const candidate = (row: MessageRow) => ({
        id: row.id,
        clock: row.clock,
        createdClock: row.created_clock,
        threadId: row.thread_id,
        replyCount: row.reply_count,
        row,
      });
      const found = await changesSince<MessageRow>(
        {
          changed: async (after, count) =>
            (
              s
                .sql(`${MESSAGE_FROM} WHERE m.conversation_id = ? AND m.clock > ? AND m.clock <> m.created_clock ORDER BY m.clock LIMIT ?`)
                .all(conversationId, after, count) as MessageRow[]
            ).map(candidate),
          newest: async (threadId, count) =>
            (
              s
                .sql(`${MESSAGE_FROM} WHERE m.conversation_id = ? AND m.thread_id = ? ORDER BY m.seq DESC LIMIT ?`)
                .all(conversationId, threadId, count) as MessageRow[]
            ).map(candidate),
        },
        since,
        limit,
      );
      return { clock, messages: withReactions(s, found.slice(0, limit).map((c) => c.row)) };
    },
  };
}
