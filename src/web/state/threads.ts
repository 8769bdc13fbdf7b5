// Threads you follow (you started one, or replied in it) and how far you have read each: the snapshot's list,
// kept current by `thread` events and by the roots and replies in live batches. Unread replies of a thread are
// replyCount − lastReadSeq, like a conversation's unread messages.
import { computed, signal } from '@preact/signals';
import type { Message, ThreadState } from '../../shared/protocol.js';
import { tell } from './client.js';
import { conversations } from './directory.js';
import { me } from './session.js';

export const followed = signal<ReadonlyMap<number, ThreadState>>(new Map());

export const unreadReplies = (s: ThreadState) => Math.max(0, s.replyCount - s.lastReadSeq);

/** Two copies of one thread's state, possibly out of order: counts and positions only move forward. */
export function mergeState(held: ThreadState | undefined, next: ThreadState): ThreadState {
  if (!held) return next;
  return {
    ...next,
    replyCount: Math.max(held.replyCount, next.replyCount),
    lastReplyAt: Math.max(held.lastReplyAt, next.lastReplyAt),
    lastReadSeq: Math.max(held.lastReadSeq, next.lastReadSeq),
  };
}

/**
 * What the messages of a live batch (or a sync reply, or an ack) say about the threads you follow: a root you
 * follow, wrote, or recently replied to brings its new reply count; your own reply means you have read up to it.
 * `unsure`: threads you follow whose read position this client cannot know (they were not in the snapshot and
 * already had replies by others): ask the server.
 */
export function followedAfter(
  states: ReadonlyMap<number, ThreadState>,
  messages: readonly Message[],
  myId: number,
): { states: ReadonlyMap<number, ThreadState>; unsure: number[] } {
  let next: Map<number, ThreadState> | null = null;
  const unsure: number[] = [];
  const put = (s: ThreadState) => {
    next ??= new Map(states);
    next.set(s.rootId, mergeState(next.get(s.rootId), s));
  };
  const mine = new Map<number, number>();
  for (const m of messages) {
    if (m.threadId !== null && m.authorId === myId) mine.set(m.threadId, Math.max(mine.get(m.threadId) ?? 0, m.seq));
  }
  for (const m of messages) {
    if (m.threadId !== null || !m.thread) continue;
    const held = (next ?? states).get(m.id);
    const myReply = mine.get(m.id) ?? 0;
    const follows = held || myReply || m.authorId === myId || m.thread.replierIds.includes(myId);
    if (!follows) continue;
    const { replyCount, lastReplyAt } = m.thread;
    if (!held && !myReply && replyCount > 1) unsure.push(m.id);
    put({ rootId: m.id, conversationId: m.conversationId, replyCount, lastReplyAt, lastReadSeq: myReply, mentionCount: held?.mentionCount ?? 0 });
    mine.delete(m.id);
  }
  // Your reply without its root (an ack): at least that many replies, all read.
  for (const m of messages) {
    const seq = m.threadId !== null ? mine.get(m.threadId) : undefined;
    if (seq === undefined || m.threadId === null || m.seq !== seq) continue;
    put({ rootId: m.threadId, conversationId: m.conversationId, replyCount: seq, lastReplyAt: m.createdAt, lastReadSeq: seq, mentionCount: 0 });
  }
  return { states: next ?? states, unsure };
}

/** Threads with unread replies, in conversations you are still in. */
export function unreadThreadCount(states: ReadonlyMap<number, ThreadState>, isMember: (conversationId: number) => boolean): number {
  let n = 0;
  for (const s of states.values()) if (unreadReplies(s) > 0 && isMember(s.conversationId)) n++;
  return n;
}

export const unreadThreads = computed(() =>
  unreadThreadCount(followed.value, (id) => conversations.value.get(id)?.isMember === true),
);

/** The snapshot is the truth, except where something newer already arrived. */
export function applyThreadSnapshot(states: readonly ThreadState[]): void {
  const held = followed.value;
  followed.value = new Map(states.map((s) => [s.rootId, mergeState(held.get(s.rootId), s)]));
}

export function applyThreadState(state: ThreadState): void {
  const next = new Map(followed.value);
  next.set(state.rootId, mergeState(next.get(state.rootId), state));
  followed.value = next;
}

/** Returns the threads whose read position must come from the server. */
export function followFrom(messages: readonly Message[]): number[] {
  const myId = me.value?.id;
  if (myId === undefined) return [];
  const { states, unsure } = followedAfter(followed.value, messages, myId);
  if (states !== followed.value) followed.value = states;
  return unsure;
}

export function markThreadRead(rootId: number, seq: number): void {
  // Only a thread you follow has a read position (the server ignores the others).
  const s = followed.value.get(rootId);
  if (!s || seq <= s.lastReadSeq) return;
  applyThreadState({ ...s, lastReadSeq: seq, replyCount: Math.max(s.replyCount, seq) });
  tell('thread:read', { messageId: rootId, seq });
}

export function forgetThreadsOf(conversationId: number): void {
  if (![...followed.value.values()].some((s) => s.conversationId === conversationId)) return;
  followed.value = new Map([...followed.value].filter(([, s]) => s.conversationId !== conversationId));
}

export function clearThreads(): void {
  followed.value = new Map();
}
