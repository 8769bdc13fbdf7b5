// Threads: replies to a top-level message, their pages, and how far each follower has read them. A reply is an
// ordinary message with a threadId (sent through messages.ts); its seq counts within the thread, so replies
// never make the conversation itself unread.
import { LIMITS, type Message, type ThreadPage, type ThreadState } from '../shared/protocol.js';
import { accessMessage } from './access.js';
import { FlackError } from './errors.js';
import { newestThatFit } from './reply-size.js';
import type { CoreDeps } from './ports.js';

const THREADS_PAGE = 20;
/** Threads in the snapshot: enough for every badge a user can act on. */
export const SNAPSHOT_THREADS = 100;

/** A reply's root must be a top-level, undeleted user message of the same conversation. */
export async function checkThreadRoot(deps: CoreDeps, userId: number, conversationId: number, rootId: number): Promise<Message> {
  const root = await accessMessage(deps, userId, rootId);
  if (root.conversationId !== conversationId) throw new FlackError('thread_invalid', 'That message is in another conversation');
  if (root.threadId !== null) throw new FlackError('thread_invalid', 'Reply to the thread’s first message, not to a reply');
  if (root.fromThread) throw new FlackError('thread_invalid', 'That is a reply also sent to the channel: reply in its thread (fromThread.rootId)');
  if (root.kind !== 'user') throw new FlackError('thread_invalid', 'System messages have no threads');
  if (root.deletedAt !== null) throw new FlackError('forbidden', 'That message was deleted');
  return root;
}

export async function threadHistory(
  deps: CoreDeps,
  userId: number,
  input: { messageId: number; before?: number; limit?: number },
): Promise<ThreadPage> {
  const root = await accessMessage(deps, userId, input.messageId, 'see');
  if (root.threadId !== null || root.fromThread) throw new FlackError('thread_invalid', 'That message is a reply; open its thread’s first message');
  const limit = Math.min(input.limit ?? LIMITS.historyPage, LIMITS.historyPage);
  // The clock before the page, as for `history`: a change in between is in the page and also arrives after it.
  const clock = await deps.storage.getClock(root.conversationId);
  const page = await deps.storage.threadHistory(root.id, { before: input.before, limit: limit + 1 });
  const more = page.length > limit;
  const { messages, cut } = newestThatFit(more ? page.slice(1) : page);
  const fresh = (await deps.storage.getMessage(root.id)) ?? root;
  return { root: fresh, messages, hasMore: more || cut, clock };
}

export async function markThreadRead(deps: CoreDeps, userId: number, rootId: number, seq: number): Promise<void> {
  const root = await accessMessage(deps, userId, rootId);
  const state = await deps.storage.setThreadRead(userId, root.id, seq);
  if (state) deps.fanout.send({ users: [userId] }, 'thread', state);
}

export async function listThreads(
  deps: CoreDeps,
  userId: number,
  before?: number,
): Promise<{ threads: { root: Message; state: ThreadState }[]; hasMore: boolean }> {
  const states = await deps.storage.listThreads(userId, { before, limit: THREADS_PAGE + 1 });
  const page = states.slice(0, THREADS_PAGE);
  const threads = [];
  for (const state of page) {
    const root = await deps.storage.getMessage(state.rootId);
    if (root) threads.push({ root, state });
  }
  return { threads, hasMore: states.length > THREADS_PAGE };
}
