// The single entry point for messages that exist on the server, however they reached us (live batch, sync reply,
// history page, ack), and for sending one. What is new to this client moves the unread counts; a change to a
// message already known (an edit, a delete, a reaction) only replaces it.
import type { Message } from '../../shared/protocol.js';
import { conversations, patchConversation } from './directory.js';
import { dropMentions, noteMentions } from './mentions.js';
import { currentId } from './navigation.js';
import { enqueue, outbox, pump, retry, settle } from './outbox.js';
import { me } from './session.js';
import { loadedTimeline, type Timeline } from './timeline.js';
import { stoppedTyping } from './typing.js';
import { announce } from './ui.js';

/**
 * The messages this client has never seen: not held, and past the newest seq it knows of (the directory's lastSeq,
 * or the newest held message should that lag). An edit or a reaction is always to a message that is not past them.
 */
export function freshMessages(messages: readonly Message[], lastSeq: number, timeline?: Timeline): Message[] {
  const ready = timeline?.ready.value === true;
  return messages.filter((m) => !timeline?.has(m.id) && (m.seq > lastSeq || (ready && m.seq > timeline!.newestSeq)));
}

/** `live`: a live batch, whose new messages by others are read out in the open conversation. */
export function applyMessages(conversationId: number, messages: readonly Message[], live = false): void {
  if (!messages.length) return;
  const timeline = loadedTimeline(conversationId);
  const c = conversations.value.get(conversationId);
  const fresh = freshMessages(messages, c?.lastSeq ?? 0, timeline);
  const newestSeq = Math.max(0, ...fresh.map((m) => m.seq));
  if (c && newestSeq > c.lastSeq) patchConversation(c.id, { lastSeq: newestSeq });
  // Your own message moves your read position (the server does the same).
  const mineSeq = Math.max(0, ...fresh.filter((m) => m.authorId === me.value?.id).map((m) => m.seq));
  const after = conversations.value.get(conversationId);
  if (after && mineSeq > after.lastReadSeq) patchConversation(after.id, { lastReadSeq: mineSeq });

  timeline?.upsert(messages);
  noteMentions(fresh);
  dropMentions(messages);
  for (const m of messages) settle(m);
  for (const m of fresh) stoppedTyping(m.conversationId, m.authorId);
  if (live && conversationId === currentId.value) {
    for (const m of fresh) {
      if (m.authorId === me.value?.id || m.deletedAt !== null) continue;
      announce(m.kind === 'system' ? `${m.authorName} ${m.body}` : `${m.authorName}: ${m.body}`);
    }
  }
}

/** A message from an ack (send, edit, delete, reaction): the server stored it just now. */
export const receiveMessage = (m: Message) => applyMessages(m.conversationId, [m]);

export function sendMessage(conversationId: number, body: string): void {
  enqueue(conversationId, body);
  void pump(receiveMessage);
}

export function retrySend(clientId: string): void {
  retry(clientId);
  void pump(receiveMessage);
}

export const flushOutbox = () => pump(receiveMessage);
export const pendingFor = (conversationId: number) => outbox.value.filter((i) => i.conversationId === conversationId);
