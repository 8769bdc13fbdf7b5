// Sending, history and catch-up. A message is stored first, then fanned out once to the conversation's room.
import { LIMITS, type HistoryPage, type Message, type SyncReply } from '../shared/protocol.js';
import { accessConversation, requireMembership } from './access.js';
import { FlackError } from './errors.js';
import type { CoreDeps } from './ports.js';
import { checkMessageBody } from './rules.js';

/** A client further behind than this in one conversation is told to reload it instead. */
export const SYNC_MAX_MESSAGES = 500;
const SYNC_MAX_CONVERSATIONS = 1000;
/** Upper bound of one sync reply, whatever the number of conversations. */
const SYNC_MAX_TOTAL = 5000;

export async function sendMessage(
  deps: CoreDeps,
  userId: number,
  input: { conversationId: number; clientId: string; body: string },
): Promise<Message> {
  const body = checkMessageBody(input.body);
  await requireMembership(deps, userId, input.conversationId);
  const { message, created } = await deps.storage.appendMessage({
    conversationId: input.conversationId,
    authorId: userId,
    kind: 'user',
    body,
    clientId: input.clientId,
    createdAt: deps.now(),
  });
  if (message.conversationId !== input.conversationId) {
    throw new FlackError('invalid', 'That clientId was already used for another conversation');
  }
  // A retry of a stored message was already fanned out (or will be caught up by `sync`): don't repeat it.
  if (created) deps.fanout.send({ conversation: message.conversationId }, 'message', message);
  return message;
}

export async function postSystemMessage(
  deps: CoreDeps,
  conversationId: number,
  subjectId: number,
  body: string,
): Promise<Message> {
  const { message } = await deps.storage.appendMessage({
    conversationId,
    authorId: subjectId,
    kind: 'system',
    body,
    clientId: null,
    createdAt: deps.now(),
  });
  deps.fanout.send({ conversation: conversationId }, 'message', message);
  return message;
}

export async function history(
  deps: CoreDeps,
  userId: number,
  input: { conversationId: number; before?: number; limit?: number },
): Promise<HistoryPage> {
  await accessConversation(deps, userId, input.conversationId, 'see');
  const limit = Math.min(input.limit ?? LIMITS.historyPage, LIMITS.historyPage);
  const page = await deps.storage.history(input.conversationId, { before: input.before, limit: limit + 1 });
  const hasMore = page.length > limit;
  return { messages: hasMore ? page.slice(1) : page, hasMore };
}

/**
 * Everything after each given position, in order. A conversation too far behind, no longer visible, or past the
 * reply's overall budget comes back in `reset` (the client reloads it with `history`). Repeated ids count once.
 */
export async function sync(
  deps: CoreDeps,
  userId: number,
  positions: { conversationId: number; lastSeq: number }[],
): Promise<SyncReply> {
  if (positions.length > SYNC_MAX_CONVERSATIONS) throw new FlackError('invalid', 'Too many conversations');
  const since = new Map<number, number>();
  for (const { conversationId, lastSeq } of positions) {
    since.set(conversationId, Math.min(lastSeq, since.get(conversationId) ?? lastSeq));
  }
  const reply: SyncReply = { messages: [], reset: [] };
  for (const [conversationId, lastSeq] of since) {
    const visible = await accessConversation(deps, userId, conversationId, 'see').then(
      () => true,
      (error: unknown) => {
        if (error instanceof FlackError) return false;
        throw error;
      },
    );
    const budget = Math.min(SYNC_MAX_MESSAGES, SYNC_MAX_TOTAL - reply.messages.length);
    const missing = visible && budget > 0 ? await deps.storage.messagesAfter(conversationId, lastSeq, budget + 1) : null;
    if (!missing || missing.length > budget) reply.reset.push(conversationId);
    else reply.messages.push(...missing);
  }
  return reply;
}

export async function typing(deps: CoreDeps, user: { id: number; username: string }, conversationId: number) {
  await requireMembership(deps, user.id, conversationId);
  deps.fanout.send({ conversation: conversationId }, 'typing', {
    conversationId,
    userId: user.id,
    username: user.username,
  });
}
