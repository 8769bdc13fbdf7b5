// The shapes the REST API answers with, as zod schemas: the OpenAPI document's components are generated from
// them, and the tests parse real answers with them. Each is checked against its type in shared/protocol.ts at
// compile time (the `Exactly` lines), so the document cannot drift from what the server sends.
import { z } from 'zod';
import type { ErrorCode } from '../../../shared/protocol.js';
import type * as protocol from '../../../shared/protocol.js';
import { ROLES } from '../../../shared/roles.js';

const id = z.number().int().positive();
const count = z.number().int().nonnegative();
const time = z.number().int().describe('ms since the Unix epoch, server clock');

export const user = z.strictObject({
  id,
  username: z.string(),
  createdAt: time,
  role: z.enum(ROLES as [protocol.Role, ...protocol.Role[]]),
  deactivated: z.literal(true).optional(),
  bot: z.strictObject({ colour: z.string() }).optional().describe('present on bot accounts and incoming webhooks'),
});

export const fileInfo = z.strictObject({
  id: z.string(),
  name: z.string(),
  size: count,
  type: z.string(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});

const reaction = z.strictObject({ emoji: z.string(), userIds: z.array(id) });
const threadSummary = z.strictObject({ replyCount: count, lastReplyAt: time, replierIds: z.array(id) });

export const message = z.strictObject({
  id,
  conversationId: id,
  seq: count,
  threadId: id.nullable(),
  kind: z.enum(['user', 'system']),
  authorId: id,
  authorName: z.string(),
  body: z.string(),
  clientId: z.string().nullable(),
  createdAt: time,
  clock: count,
  editedAt: time.nullable(),
  deletedAt: time.nullable(),
  reactions: z.array(reaction),
  thread: threadSummary.nullable(),
  mentions: z.array(id),
  mentionsAll: z.literal(true).optional(),
  mentionsHere: z.literal(true).optional(),
  files: z.array(fileInfo).optional(),
});

const notifyLevel = z.enum(['all', 'mentions', 'nothing']);

export const conversationView = z.strictObject({
  id,
  kind: z.enum(['public', 'private', 'dm']),
  name: z.string(),
  topic: z.string(),
  createdBy: count.describe('0: Flack itself (#general)'),
  createdAt: time,
  lastSeq: count,
  memberCount: count,
  archived: z.literal(true).optional(),
  announcement: z.literal(true).optional(),
  retentionDays: z.number().int().positive().optional(),
  members: z.array(user).optional(),
  isMember: z.boolean(),
  lastReadSeq: count,
  hiddenSeq: count.optional(),
  mentionCount: count,
  notify: notifyLevel.optional(),
  muted: z.literal(true).optional(),
});

export const sentMessage = z.strictObject({ message, notInConversation: z.array(z.string()).optional() });
export const messageReply = z.strictObject({ message });
export const historyPage = z.strictObject({
  messages: z.array(message),
  hasMore: z.boolean(),
  hasNewer: z.boolean().optional(),
  clock: count,
});
export const threadPage = z.strictObject({ root: message, messages: z.array(message), hasMore: z.boolean(), clock: count });
export const membersPage = z.strictObject({ members: z.array(user), next: z.string().nullable() });
export const conversationList = z.strictObject({ conversations: z.array(conversationView) });
export const me = z.strictObject({ user });
export const uploadReply = z.strictObject({ file: fileInfo });

// Every code, so that the document lists them all (a Record makes the compiler insist on each).
const CODES: Record<ErrorCode, true> = {
  invalid: true, username_invalid: true, password_invalid: true, name_invalid: true, empty: true, too_long: true,
  too_many_members: true, emoji_invalid: true, thread_invalid: true, query_too_short: true, file_invalid: true,
  unauthorized: true, wrong_password: true, forbidden: true, archived: true, signup_closed: true, not_found: true,
  invite_invalid: true, reset_invalid: true, username_taken: true, name_taken: true, too_many_reactions: true,
  last_owner: true, conflict: true, too_large: true, quota_exceeded: true, rate_limited: true, internal: true,
  storage_full: true, command_failed: true,
};

export const apiError = z.strictObject({
  error: z.strictObject({
    code: z.enum(Object.keys(CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().describe('for people: show it, do not parse it'),
    retryAfterMs: z.number().int().nonnegative().optional(),
  }),
});

/** The components of the OpenAPI document, by name. Route schemas that are one of these are referenced, not inlined. */
export const COMPONENTS = {
  User: user,
  FileInfo: fileInfo,
  Message: message,
  ConversationView: conversationView,
  SentMessage: sentMessage,
  MessageReply: messageReply,
  HistoryPage: historyPage,
  ThreadPage: threadPage,
  MembersPage: membersPage,
  ConversationList: conversationList,
  Me: me,
  UploadReply: uploadReply,
  Error: apiError,
} satisfies Record<string, z.ZodType>;

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Exactly<z.output<typeof user>, protocol.User>,
  Exactly<z.output<typeof fileInfo>, protocol.FileInfo>,
  Exactly<z.output<typeof message>, protocol.Message>,
  Exactly<z.output<typeof conversationView>, protocol.ConversationView>,
  Exactly<z.output<typeof sentMessage>, protocol.SentMessage>,
  Exactly<z.output<typeof historyPage>, protocol.HistoryPage>,
  Exactly<z.output<typeof threadPage>, protocol.ThreadPage>,
  Exactly<z.output<typeof apiError>['error'], protocol.ApiError>,
] = [true, true, true, true, true, true, true, true];
void checks;
