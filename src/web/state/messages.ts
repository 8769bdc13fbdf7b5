// The single entry point for a message that exists on the server, however it reached us
// (live event, send ack, sync), and for sending one.
import type { Message } from '../../shared/protocol.js';
import { conversations, patchConversation } from './directory.js';
import { noteMentions } from './mentions.js';
import { enqueue, outbox, pump, retry, settle } from './outbox.js';
import { me } from './session.js';
import { loadedTimeline } from './timeline.js';
import { stoppedTyping } from './typing.js';

export function receiveMessage(m: Message): void {
  const c = conversations.value.get(m.conversationId);
  if (c && m.seq > c.lastSeq) patchConversation(c.id, { lastSeq: m.seq });
  // Your own message moves your read position (the server does the same).
  const mine = m.authorId === me.value?.id;
  const after = conversations.value.get(m.conversationId);
  if (mine && after && m.seq > after.lastReadSeq) patchConversation(after.id, { lastReadSeq: m.seq });
  loadedTimeline(m.conversationId)?.add([m]);
  noteMentions([m]);
  settle(m);
  stoppedTyping(m.conversationId, m.authorId);
}

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
