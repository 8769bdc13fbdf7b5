// The shape of every client → server event. Anything that does not parse is answered with `invalid`.
// Sizes here are generous outer bounds; the core gives the precise, user-facing codes (too_long, name_invalid …).
import { z } from 'zod';
import { FILE_ID, FILE_LIMITS } from '../../shared/files.js';
import { ADMIN_LIMITS } from '../../shared/admin.js';
import { INTEGRATION_LIMITS } from '../../shared/integrations.js';
import { OUTGOING_LIMITS } from '../../shared/outgoing.js';
import { LIMITS, PUSH_LIMITS, type ClientToServerEvents } from '../../shared/protocol.js';

// Lone surrogates cannot be stored as UTF-8, and PostgreSQL refuses NUL: both are refused up front.
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !UNSTORABLE.test(value), 'must be well-formed Unicode without NUL characters');
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const conversationRef = z.object({ conversationId: id });
const messageRef = z.object({ messageId: id });
const reaction = z.object({ messageId: id, emoji: text(LIMITS.emojiMax * 4).min(1) });
const empty = z.object({}).optional();
// Sort keys of names: a username or a channel name, lower-cased.
const after = text(LIMITS.channelNameMax * 4).optional();
const limit = (max: number) => z.number().int().min(1).max(max).optional();
const userIds = (max: number) => z.array(id).max(max);

const outgoingFields = {
  name: text(OUTGOING_LIMITS.nameMax * 4),
  url: text(OUTGOING_LIMITS.urlMax),
  channelId: id.nullable(),
  trigger: z.enum(['message', 'mention', 'words', 'command']),
  words: z.array(text(OUTGOING_LIMITS.wordMax * 4)).max(OUTGOING_LIMITS.wordsMax).optional(),
  posterUserId: id,
};

export const EVENT_SCHEMAS = {
  state: empty,
  'channels:browse': z
    .object({ query: text(LIMITS.channelNameMax).optional(), after, limit: limit(LIMITS.directoryPageMax) })
    .optional(),
  'users:get': z.object({ ids: userIds(LIMITS.usersPerGet) }),
  'users:search': z.object({ query: text(LIMITS.usernameMax), after, limit: limit(LIMITS.directoryPageMax) }),
  'presence:watch': z.object({ userIds: userIds(LIMITS.presenceWatchMax) }),
  'channel:create': z.object({
    name: text(200),
    topic: text(1000).optional(),
    visibility: z.enum(['public', 'private']),
  }),
  'channel:join': conversationRef,
  'channel:leave': conversationRef,
  'channel:update': z.object({
    conversationId: id,
    name: text(200).optional(),
    topic: text(1000).optional(),
    announcement: z.boolean().optional(),
    retentionDays: z.number().int().min(1).max(ADMIN_LIMITS.retentionDaysMax).nullable().optional(),
  }),
  'channel:archive': z.object({ conversationId: id, archived: z.boolean() }),
  'channel:invite': z.object({ conversationId: id, username: text(100) }),
  'channel:remove': z.object({ conversationId: id, userId: id }),
  'channel:delete': conversationRef,
  'dm:leave': conversationRef,
  'conversation:hide': z.object({ conversationId: id, hidden: z.boolean() }),
  'draft:set': z.object({ conversationId: id, threadId: id.optional(), body: text(LIMITS.messageMax * 4) }),
  'conversation:notify': z.object({ conversationId: id, notify: z.enum(['all', 'mentions', 'nothing']).nullable().optional(), muted: z.boolean().optional() }),
  'notify:defaults': z.object({ dm: z.enum(['all', 'mentions', 'nothing']).optional(), channel: z.enum(['all', 'mentions', 'nothing']).optional() }),
  'user:block': z.object({ userId: id, blocked: z.boolean() }),
  'conversation:members': z.object({
    conversationId: id,
    query: text(LIMITS.usernameMax).optional(),
    after,
    limit: limit(LIMITS.membersPageMax),
  }),
  'dm:open': z.object({ userIds: z.array(id).min(1).max(LIMITS.dmMaxMembers) }),
  history: z.object({
    conversationId: id,
    before: seq.optional(),
    after: seq.optional(),
    around: seq.optional(),
    limit: z.number().int().min(1).max(LIMITS.historyPage).optional(),
  }),
  'message:send': z.object({
    conversationId: id,
    clientId: text(LIMITS.clientIdMax).min(1),
    body: text(LIMITS.messageMax * 4),
    threadId: id.optional(),
    alsoToChannel: z.boolean().optional(),
    files: z.array(z.string().regex(FILE_ID)).max(FILE_LIMITS.perMessage).optional(),
  }),
  'thread:history': z.object({
    messageId: id,
    before: seq.optional(),
    limit: z.number().int().min(1).max(LIMITS.historyPage).optional(),
  }),
  'thread:read': z.object({ messageId: id, seq }),
  'threads:list': z.object({ before: seq.optional() }),
  'message:edit': z.object({ messageId: id, body: text(LIMITS.messageMax * 4) }),
  'message:delete': messageRef,
  'message:versions': messageRef,
  'reaction:add': reaction,
  'reaction:remove': reaction,
  typing: conversationRef,
  read: z.object({ conversationId: id, seq }),
  focus: z.object({ conversationId: id.nullable() }),
  search: z.object({ query: text(LIMITS.searchQueryMax), before: id.optional(), limit: limit(LIMITS.searchPageMax) }),
  sync: z.object({ positions: z.array(z.object({ conversationId: id, clock: seq })).max(1000) }),
  'push:subscribe': z.object({
    endpoint: z.string().max(PUSH_LIMITS.endpointMax),
    keys: z.object({ p256dh: z.string().max(100), auth: z.string().max(100) }),
  }),
  'push:unsubscribe': z.union([z.object({ endpoint: z.string().max(PUSH_LIMITS.endpointMax) }), z.object({ id })]),
  'push:list': z.object({}),
  'sessions:list': z.object({}),
  'sessions:revoke': z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }),
  'admin:users': z.object({ query: text(LIMITS.usernameMax).optional(), after, limit: limit(ADMIN_LIMITS.adminUsersPage * 2) }),
  'admin:role': z.object({ userId: id, role: z.enum(['owner', 'admin', 'member', 'guest']) }),
  'admin:deactivate': z.object({ userId: id, deactivated: z.boolean() }),
  'admin:reset': z.object({ userId: id }),
  'admin:invites': z.object({}),
  'admin:invite': z.object({
    role: z.enum(['member', 'guest']),
    channelIds: z.array(id).max(ADMIN_LIMITS.inviteChannelsMax).optional(),
    hours: z.number().int().min(1).max(ADMIN_LIMITS.inviteHoursMax),
    maxUses: z.number().int().min(1).max(ADMIN_LIMITS.inviteUsesMax),
  }),
  'admin:revoke': z.object({ inviteId: id }),
  'admin:settings': z.object({
    version: seq,
    name: text(ADMIN_LIMITS.workspaceNameMax * 4).optional(),
    signUpMode: z.enum(['open', 'invite', 'closed']).optional(),
    icon: text(64).optional(),
    uploadLimitMb: z.number().positive().max(10_240).nullable().optional(),
    retentionDays: z.number().int().min(1).max(ADMIN_LIMITS.retentionDaysMax).nullable().optional(),
  }),
  'commands:list': z.object({}),
  'command:run': z.object({ conversationId: id, threadId: id.optional(), command: text(40).min(1), text: text(LIMITS.messageMax * 4) }),
  'admin:audit': z.object({ before: id.optional() }),
  'admin:stats': z.object({}),
  'admin:integrations': z.object({}),
  'admin:bot:create': z.object({
    username: text(LIMITS.usernameMax * 4),
    colour: text(16).optional(),
    channelIds: z.array(id).max(INTEGRATION_LIMITS.botChannelsMax).optional(),
  }),
  'admin:webhook:create': z.object({ name: text(LIMITS.usernameMax * 4), colour: text(16).optional(), channelId: id }),
  'admin:integration:rotate': z.object({ userId: id }),
  'admin:outgoing': z.object({}),
  'admin:outgoing:create': z.object(outgoingFields),
  'admin:outgoing:update': z.object({ hookId: id, enabled: z.boolean().optional(), ...z.object(outgoingFields).partial().shape }),
  'admin:outgoing:rotate': z.object({ hookId: id }),
  'admin:outgoing:delete': z.object({ hookId: id }),
  'admin:outgoing:deliveries': z.object({ hookId: id, before: id.optional() }),
} satisfies Record<keyof ClientToServerEvents, z.ZodType>;

export type EventName = keyof typeof EVENT_SCHEMAS;
export type EventInput<E extends EventName> = z.output<(typeof EVENT_SCHEMAS)[E]>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENT_SCHEMAS, name);
}
