// Messages: send, edit, delete, react, a thread. Every field is the socket event's own schema (schemas.ts).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FlackError } from '../../../core/errors.js';
import { EVENT_SCHEMAS } from '../../realtime/schemas.js';
import { fromText, route } from './route.js';
import { messageReply, sentMessage, threadPage } from './schemas.js';

const send = EVENT_SCHEMAS['message:send'].shape;
const conversation = fromText(z.object({ id: send.conversationId }));
const message = fromText(z.object({ id: EVENT_SCHEMAS['message:edit'].shape.messageId }));
const reaction = fromText(z.object({ id: EVENT_SCHEMAS['reaction:add'].shape.messageId, emoji: EVENT_SCHEMAS['reaction:add'].shape.emoji }));

const sendBody = z.object({
  text: send.body.describe('at most 4,000 characters (longer: `too_long`)'),
  threadId: send.threadId,
  alsoToChannel: send.alsoToChannel.describe('with threadId: also post a copy of the reply in the conversation'),
  clientId: send.clientId.optional().describe('your idempotency key (also: the Idempotency-Key header)'),
  files: send.files.describe('ids of your uploads (POST /api/files) to attach'),
});
const idempotency = z.object({ 'idempotency-key': send.clientId.optional() });

export const messageRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/conversations/:id/messages',
    operationId: 'sendMessage',
    tag: 'messages',
    summary: 'Send a message, or a reply in a thread',
    description:
      'Idempotent by key: the same `clientId` (or `Idempotency-Key` header) again answers the original message and ' +
      'stores nothing new. Without either, every request is a new message.',
    params: conversation,
    headers: idempotency,
    body: sendBody,
    status: 201,
    response: sentMessage,
    rateLimit: { bucket: 'message', cost: 1 },
    errors: ['not_found', 'forbidden', 'archived', 'empty', 'too_long', 'thread_invalid'],
    handler: ({ flack, user, params, headers, body }) => {
      const key = headers['idempotency-key'];
      if (key !== undefined && body.clientId !== undefined && key !== body.clientId) {
        throw new FlackError('invalid', 'clientId: differs from the Idempotency-Key header');
      }
      const { text, clientId = key ?? randomUUID(), ...rest } = body;
      return flack.sendMessage(user.id, { conversationId: params.id, clientId, body: text, ...rest });
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/messages/:id',
    operationId: 'editMessage',
    tag: 'messages',
    summary: 'Edit your message',
    params: message,
    body: z.object({ text: EVENT_SCHEMAS['message:edit'].shape.body }),
    status: 200,
    response: messageReply,
    rateLimit: { bucket: 'change', cost: 1 },
    errors: ['not_found', 'forbidden', 'archived', 'empty', 'too_long'],
    handler: async ({ flack, user, params, body }) => ({
      message: await flack.editMessage(user.id, { messageId: params.id, body: body.text }),
    }),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/messages/:id',
    operationId: 'deleteMessage',
    tag: 'messages',
    summary: 'Delete a message (yours, or anyone’s as an admin); answers its tombstone',
    params: message,
    status: 200,
    response: messageReply,
    rateLimit: { bucket: 'change', cost: 1 },
    errors: ['not_found', 'forbidden'],
    handler: async ({ flack, user, params }) => ({ message: await flack.deleteMessage(user.id, params.id) }),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/messages/:id/reactions/:emoji',
    operationId: 'addReaction',
    tag: 'messages',
    summary: 'React with one emoji (URL-encoded); again changes nothing',
    params: reaction,
    status: 200,
    response: messageReply,
    rateLimit: { bucket: 'change', cost: 1 },
    errors: ['not_found', 'forbidden', 'archived', 'emoji_invalid', 'too_many_reactions'],
    handler: async ({ flack, user, params }) => ({
      message: await flack.addReaction(user.id, { messageId: params.id, emoji: params.emoji }),
    }),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/messages/:id/reactions/:emoji',
    operationId: 'removeReaction',
    tag: 'messages',
    summary: 'Take your reaction back',
    params: reaction,
    status: 200,
    response: messageReply,
    rateLimit: { bucket: 'change', cost: 1 },
    errors: ['not_found', 'forbidden', 'archived', 'emoji_invalid'],
    handler: async ({ flack, user, params }) => ({
      message: await flack.removeReaction(user.id, { messageId: params.id, emoji: params.emoji }),
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/messages/:id/thread',
    operationId: 'threadHistory',
    tag: 'messages',
    summary: 'A thread: its root and a page of replies, oldest first',
    params: message,
    query: fromText(EVENT_SCHEMAS['thread:history'].omit({ messageId: true })),
    status: 200,
    response: threadPage,
    rateLimit: { bucket: 'event', cost: 2 },
    errors: ['not_found', 'thread_invalid'],
    handler: ({ flack, user, params, query }) => flack.threadHistory(user.id, { messageId: params.id, ...query }),
  }),
];
