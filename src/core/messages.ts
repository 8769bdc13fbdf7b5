// Sending, history and catch-up. A message is stored first, then fanned out once to the conversation's room.
import { LIMITS, type ChangeBatch, type HistoryPage, type Message, type SentMessage, type SyncReply } from '../shared/protocol.js';
import { can } from '../shared/roles.js';
import { accessConversation, actorOf, requireMembership } from './access.js';
import { messageBytes, newestThatFit, oldestThatFit, REPLY_BYTES_MAX } from './reply-size.js';
import { checkThreadRoot } from './threads.js';
import { absentMentions, resolveMentions } from './mentions.js';
import { FlackError } from './errors.js';
import { pushDeliveries } from './push.js';
import type { CoreDeps } from './ports.js';
import { checkMessageBody } from './rules.js';
import { checkFileIds } from './files.js';
import { channelArchived } from './channels.js';
import { FilesUnavailable } from '../storage/file-records.js';

/** A client further behind than this in one conversation is told to reload it instead. */
export const SYNC_MAX_MESSAGES = 500;
const SYNC_MAX_CONVERSATIONS = 1000;
/** Upper bound of one sync reply, whatever the number of conversations. */
const SYNC_MAX_TOTAL = 5000;

export async function sendMessage(
  deps: CoreDeps,
  userId: number,
  input: { conversationId: number; clientId: string; body: string; threadId?: number; alsoToChannel?: boolean; files?: string[] },
): Promise<SentMessage> {
  if (input.alsoToChannel && input.threadId === undefined) throw new FlackError('invalid', 'alsoToChannel is for a reply in a thread');
  const fileIds = checkFileIds(input.files);
  const body = checkMessageBody(input.body, fileIds !== undefined);
  const rights = await postingRights(deps, userId, input.conversationId);
  if (rights.blocked) throw new FlackError('forbidden', 'One of you blocked the other');
  if (rights.archived) throw channelArchived();
  const inChannel = input.threadId === undefined || input.alsoToChannel === true;
  if (rights.announcement && inChannel && !can((await actorOf(deps, userId)).role, 'moderate')) {
    throw new FlackError('forbidden', 'Only admins post in this channel; reply in a thread');
  }
  if (input.threadId !== undefined) await checkThreadRoot(deps, userId, input.conversationId, input.threadId);
  const mentions = await resolveMentions(deps, input.conversationId, userId, body);
  const { message, root, copy, created } = await deps.storage
    .appendMessage({
      conversationId: input.conversationId,
      threadId: input.threadId ?? null,
      ...(input.alsoToChannel && { alsoToChannel: true }),
      authorId: userId,
      kind: 'user',
      body,
      clientId: input.clientId,
      createdAt: deps.now(),
      mentions,
      ...(fileIds && { fileIds }),
    })
    .catch((error: unknown) => {
      if (error instanceof FilesUnavailable) throw new FlackError('not_found', 'No such upload: it was sent already, discarded, or is not yours');
      throw error;
    });
  if (message.conversationId !== input.conversationId || message.threadId !== (input.threadId ?? null)) {
    throw new FlackError('invalid', 'That clientId was already used for another conversation or thread');
  }
  // A retry of a stored message goes out again: the node that stored it may have died before fanning it out.
  // Clients keep the copy with the highest clock, so a repeat changes nothing for those who had it.
  const messages = [message, ...(root ? [root] : []), ...(copy ? [copy] : [])];
  publish(deps, { conversationId: message.conversationId, since: message.clock - 1, clock: message.clock, messages });
  // Pushed once, by the node that stored it (a retry is not news), to whoever is offline then. A reply also sent to
  // the channel is pushed as its copy: the channel's members include the thread's followers, and nobody gets two.
  if (created) deps.push?.later(() => pushDeliveries(deps, copy ?? message, mentions));
  const notInConversation = await absentMentions(deps, userId, body, mentions);
  return notInConversation.length > 0 ? { message, notInConversation } : { message };
}

/** The one way a change to a conversation's messages reaches its members. */
export function publish(deps: CoreDeps, batch: ChangeBatch): void {
  deps.fanout.send({ conversation: batch.conversationId }, 'changes', batch);
}

/** One lookup on the hot path; only a refusal pays for finding out why (not_found or forbidden). */
async function postingRights(deps: CoreDeps, userId: number, conversationId: number) {
  const rights = await deps.storage.postingRights(conversationId, userId);
  if (rights) return rights;
  await requireMembership(deps, userId, conversationId);
  throw new FlackError('forbidden', 'Join the channel first'); // unreachable: requireMembership refused above
}

export async function history(
  deps: CoreDeps,
  userId: number,
  input: { conversationId: number; before?: number; after?: number; around?: number; limit?: number },
): Promise<HistoryPage> {
  await accessConversation(deps, userId, input.conversationId, 'see');
  const limit = Math.min(input.limit ?? LIMITS.historyPage, LIMITS.historyPage);
  if ([input.before, input.after, input.around].filter((v) => v !== undefined).length > 1) {
    throw new FlackError('invalid', 'Give one of before, after and around');
  }
  // The clock before the page: a change committed in between is in the page and also arrives after it.
  const clock = await deps.storage.getClock(input.conversationId);
  if (input.after !== undefined || input.around !== undefined) return historyFrom(deps, input.conversationId, clock, limit, input);
  const page = await deps.storage.history(input.conversationId, { before: input.before, limit: limit + 1 });
  const more = page.length > limit;
  const { messages, cut } = newestThatFit(more ? page.slice(1) : page);
  return { messages, hasMore: more || cut, clock };
}

/**
 * A page going forward from `after`, or one centred on `around` (a message jumped to: it, up to half the page
 * after it and the rest before), so a client can load history up and down from any message.
 */
async function historyFrom(
  deps: CoreDeps,
  conversationId: number,
  clock: number,
  limit: number,
  input: { after?: number; around?: number },
): Promise<HistoryPage> {
  const newerCount = input.around === undefined ? limit : Math.floor(limit / 2);
  const from = input.after ?? input.around!;
  const newerPage = await deps.storage.messagesAfter(conversationId, from, newerCount + 1);
  const newer = oldestThatFit(newerPage.slice(0, newerCount), input.around === undefined ? REPLY_BYTES_MAX : REPLY_BYTES_MAX / 2);
  const hasNewer = newerPage.length > newerCount || newer.cut;
  if (input.around === undefined) return { messages: newer.messages, hasMore: from > 0, hasNewer, clock };
  const olderCount = limit - newer.messages.length; // near the newest end, the page fills up with older ones
  const olderPage = await deps.storage.history(conversationId, { before: input.around + 1, limit: olderCount + 1 });
  const moreOlder = olderPage.length > olderCount;
  const older = newestThatFit(moreOlder ? olderPage.slice(1) : olderPage, REPLY_BYTES_MAX / 2);
  return { messages: [...older.messages, ...newer.messages], hasMore: moreOlder || older.cut, hasNewer, clock };
}

/**
 * What changed after each given clock: the current state of every message touched since, in one batch per
 * conversation. A conversation too far behind, no longer visible, ahead of the server (a restored database),
 * or past the reply's overall budget (in messages or bytes) comes back in `reset` (the client reloads it with
 * `history`).
 * Repeated ids count once, from the lowest clock given.
 */
export async function sync(
  deps: CoreDeps,
  userId: number,
  positions: { conversationId: number; clock: number }[],
): Promise<SyncReply> {
  if (positions.length > SYNC_MAX_CONVERSATIONS) throw new FlackError('invalid', 'Too many conversations');
  const since = new Map<number, number>();
  for (const { conversationId, clock } of positions) {
    since.set(conversationId, Math.min(clock, since.get(conversationId) ?? clock));
  }
  const reply: SyncReply = { changes: [], reset: [] };
  // One query for every position: the conversations that did not change since (most, after a restart) and the
  // ones the user cannot see cost nothing more.
  const clocks = await deps.storage.visibleClocks(userId, [...since.keys()]);
  // visibleClocks counts public channels as visible; a guest sees only their own conversations.
  if (!can((await actorOf(deps, userId)).role, 'browseChannels')) {
    const own = new Set(await deps.storage.listMemberConversationIds(userId));
    for (const id of clocks.keys()) if (!own.has(id)) clocks.delete(id);
  }
  let total = 0;
  let bytes = 0;
  for (const [conversationId, clock] of since) {
    const current = clocks.get(conversationId);
    if (current === clock) continue;
    const budget = Math.min(SYNC_MAX_MESSAGES, SYNC_MAX_TOTAL - total);
    const found = current !== undefined && budget > 0 ? await deps.storage.changesSince(conversationId, clock, budget + 1) : null;
    const size = found ? found.messages.reduce((sum, m) => sum + messageBytes(m), 0) : 0;
    if (!found || found.messages.length > budget || clock > found.clock || bytes + size > REPLY_BYTES_MAX) {
      reply.reset.push(conversationId);
    } else if (found.clock > clock || found.messages.length) {
      total += found.messages.length;
      bytes += size;
      reply.changes.push({ conversationId, since: clock, clock: found.clock, messages: found.messages });
    }
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
