// The single entry point for messages that exist on the server, however they reached us (live batch, sync reply,
// history page, ack), and for sending one. Top-level messages go to their conversation's timeline, replies to
// their thread's (roots, which carry the thread's summary, to both). What is new to this client moves the unread
// counts; a change to a message already known (an edit, a delete, a reaction) only replaces it.
import type { FileInfo } from '../../shared/files.js';
import type { Message, SentMessage } from '../../shared/protocol.js';
import { filesText } from '../lib/files.js';
import { deleteUpload } from '../transport/http.js';
import { conversations, patchConversation } from './directory.js';
import { noteMentions } from './mentions.js';
import { currentId, openThread, threadsView } from './navigation.js';
import { notifyAbout } from './notifications.js';
import { discard, enqueue, outbox, pump, retry, settle } from './outbox.js';
import { me } from './session.js';
import { noteRoots, refreshFollowed } from './threadList.js';
import { followFrom } from './threads.js';
import { loadedThread, loadedTimeline, type Timeline } from './timeline.js';
import { stoppedTyping } from './typing.js';
import { announce, showNotice } from './ui.js';

/**
 * The messages this client has never seen: not held, and past the newest seq it knows of (the directory's lastSeq,
 * or the newest held message should that lag). An edit or a reaction is always to a message that is not past them.
 */
export function freshMessages(messages: readonly Message[], lastSeq: number, timeline?: Timeline): Message[] {
  const ready = timeline?.ready.value === true;
  // A detached window (timeline.ts) ends in the past: what lies past it is not new for that.
  const end = ready && !timeline!.hasNewer.value ? timeline!.newestSeq : Infinity;
  return messages.filter((m) => !timeline?.has(m.id) && (m.seq > lastSeq || m.seq > end));
}

/** Top-level messages, and each thread's replies by root id. */
export function splitThreads(messages: readonly Message[]): { top: Message[]; replies: Map<number, Message[]> } {
  const top: Message[] = [];
  const replies = new Map<number, Message[]>();
  for (const m of messages) {
    if (m.threadId === null) top.push(m);
    else replies.set(m.threadId, [...(replies.get(m.threadId) ?? []), m]);
  }
  return { top, replies };
}

/** Where a conversation's newest seq and your read position move with these new messages (yours count as read). */
export function positionsAfter(
  c: { lastSeq: number; lastReadSeq: number },
  fresh: readonly Message[],
  myId: number | undefined,
): { lastSeq: number; lastReadSeq: number } {
  const lastSeq = Math.max(c.lastSeq, ...fresh.map((m) => m.seq));
  const mine = Math.max(0, ...fresh.filter((m) => m.authorId === myId).map((m) => m.seq));
  return { lastSeq, lastReadSeq: Math.max(c.lastReadSeq, mine) };
}

/** What a screen reader hears of new messages: never your own, never a tombstone. */
export function spoken(fresh: readonly Message[], myId: number | undefined): string[] {
  return fresh
    .filter((m) => m.authorId !== myId && m.deletedAt === null)
    .map((m) => (m.kind === 'system' ? `${m.authorName} ${m.body}` : `${m.authorName}: ${[m.body, filesText(m.files ?? [])].filter(Boolean).join(' ')}`));
}

/**
 * `from`: 'live' for a live batch (whose new messages by others are read out where they are on screen), 'sync' for
 * a catch-up reply, 'page' for a history page, 'ack' for the reply to our own request.
 */
export function applyMessages(conversationId: number, messages: readonly Message[], from: 'live' | 'sync' | 'page' | 'ack' = 'page'): void {
  if (!messages.length) return;
  const { top, replies } = splitThreads(messages);
  const myId = me.value?.id;
  const timeline = loadedTimeline(conversationId);
  const c = conversations.value.get(conversationId);
  const fresh = freshMessages(top, c?.lastSeq ?? 0, timeline);
  if (c) {
    const moved = positionsAfter(c, fresh, myId);
    if (moved.lastSeq !== c.lastSeq || moved.lastReadSeq !== c.lastReadSeq) patchConversation(c.id, moved);
  }
  timeline?.upsert(top);
  for (const m of top) loadedThread(m.id)?.upsert([m]);
  const freshReplies = new Map<number, Message[]>();
  for (const [rootId, list] of replies) {
    const thread = loadedThread(rootId);
    // A reply is new past the newest one held: the thread's older pages may not be loaded.
    if (thread) freshReplies.set(rootId, freshMessages(list, Infinity, thread));
    thread?.upsert(list);
  }
  // Thread states move with what the server has stored, not with a page read at some point in the past.
  if (from !== 'page') refreshFollowed(followFrom(messages));
  noteRoots(top);
  noteMentions(fresh);
  for (const m of messages) settle(m);
  for (const m of fresh) stoppedTyping(m.conversationId, m.authorId);
  if (from !== 'live') return;
  notifyAbout(messages);
  if (conversationId === currentId.value && !threadsView.value) spoken(fresh, myId).forEach(announce);
  const open = openThread.value;
  if (open) spoken(freshReplies.get(open.rootId) ?? [], myId).forEach(announce);
}

/** A message from an ack (send, edit, delete, reaction): the server stored it just now. */
export const receiveMessage = (m: Message) => applyMessages(m.conversationId, [m], 'ack');

/** A send's ack: the message as stored, and whether someone it names was left out (not in the conversation). */
function receiveSent({ message, notInConversation }: SentMessage): void {
  receiveMessage(message);
  if (!notInConversation?.length) return;
  const c = conversations.value.get(message.conversationId);
  const where = c && c.kind !== 'dm' ? `#${c.name}` : 'this conversation';
  const who = notInConversation.map((n) => `@${n}`).join(', ');
  showNotice(`${who} ${notInConversation.length === 1 ? 'is' : 'are'} not in ${where}, so ${notInConversation.length === 1 ? 'was' : 'were'} not notified.`);
}

/** A reply when `threadId` is set (`alsoToChannel`: posted in the conversation too); `files`: finished uploads it carries. */
export function sendMessage(conversationId: number, body: string, threadId: number | null = null, files: readonly FileInfo[] = [], alsoToChannel = false): void {
  enqueue(conversationId, body, threadId, files, alsoToChannel);
  void pump(receiveSent);
}

/** Gives up on a message that was not sent; its uploads, in no message now, are discarded too. */
export function discardSend(clientId: string): void {
  const item = outbox.value.find((i) => i.clientId === clientId);
  discard(clientId);
  for (const f of item?.files ?? []) void deleteUpload(f.id).catch(() => undefined);
}

export function retrySend(clientId: string): void {
  retry(clientId);
  void pump(receiveSent);
}

export const flushOutbox = () => pump(receiveSent);
/** Unsent top-level messages of a conversation, or unsent replies of a thread. */
export const pendingFor = (conversationId: number, threadId: number | null = null) =>
  outbox.value.filter((i) => i.conversationId === conversationId && (i.threadId ?? null) === threadId);
