// A stored message as the web app receives it, for the state tests: a user message by bob (id 2) in conversation 1.
import type { Message } from '../../src/shared/protocol.js';

export const userMessage = (seq: number, patch: Partial<Message> = {}): Message => ({
  id: 100 + seq,
  conversationId: 1,
  threadId: null,
  thread: null,
  seq,
  kind: 'user',
  authorId: 2,
  authorName: 'bob',
  body: `m${seq}`,
  clientId: `c${seq}`,
  createdAt: seq,
  clock: seq,
  editedAt: null,
  deletedAt: null,
  reactions: [],
  mentions: [],
  ...patch,
});
