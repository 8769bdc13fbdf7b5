// Conversations: yours, one's history, one's members; and who you are.
import { z } from 'zod';
import { EVENT_SCHEMAS } from '../../realtime/schemas.js';
import { fromText, route } from './route.js';
import { conversationList, historyPage, me, membersPage } from './schemas.js';

const conversation = fromText(z.object({ id: EVENT_SCHEMAS.history.shape.conversationId }));

export const conversationRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/me',
    operationId: 'me',
    tag: 'people',
    summary: 'The account of the token',
    status: 200,
    response: me,
    rateLimit: { bucket: 'event', cost: 1 },
    errors: [],
    handler: async ({ user }) => ({ user }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations',
    operationId: 'listConversations',
    tag: 'conversations',
    summary: 'The channels, private channels and DMs you are in (hidden DMs too)',
    status: 200,
    response: conversationList,
    rateLimit: { bucket: 'event', cost: 1 },
    errors: [],
    handler: async ({ flack, user }) => ({ conversations: (await flack.snapshot(user)).conversations }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/:id/messages',
    operationId: 'history',
    tag: 'conversations',
    summary: 'A page of history, oldest first: the newest, or `before`, `after` or `around` a seq (one of them)',
    params: conversation,
    query: fromText(EVENT_SCHEMAS.history.omit({ conversationId: true })),
    status: 200,
    response: historyPage,
    rateLimit: { bucket: 'event', cost: 2 },
    errors: ['not_found'],
    handler: ({ flack, user, params, query }) => flack.history(user.id, { conversationId: params.id, ...query }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/:id/members',
    operationId: 'members',
    tag: 'conversations',
    summary: 'A page of members by username; `query`: usernames starting with it; pass `next` as `after`',
    params: conversation,
    query: fromText(EVENT_SCHEMAS['conversation:members'].omit({ conversationId: true })),
    status: 200,
    response: membersPage,
    rateLimit: { bucket: 'event', cost: 2 },
    errors: ['not_found'],
    handler: ({ flack, user, params, query }) => flack.listMembers(user.id, params.id, query),
  }),
];
