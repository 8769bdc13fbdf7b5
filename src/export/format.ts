// The Flack export archive (docs/EXPORT-IMPORT.md): one zip, its entries in this order, every line checked by these
// schemas before anything is written. Plain data, no store: the export and the import both speak it.
import { z } from 'zod';
import { FILE_ID } from '../shared/files.js';
import { ROLES } from '../shared/roles.js';

export const FORMAT = 'flack-export';
export const FORMAT_VERSION = 1;

const id = z.number().int().positive();
const count = z.number().int().nonnegative();
const time = z.number().int().nonnegative();
const level = z.enum(['all', 'mentions', 'nothing']).nullable();
const fileId = z.string().regex(FILE_ID);

export const UserLine = z.object({
  id,
  username: z.string().min(1).max(64),
  createdAt: time,
  role: z.enum(ROLES as [string, ...string[]]),
  deactivatedAt: time.nullable(),
  /** A bot account or webhook (User.bot); its token is not exported: an admin issues a new one. */
  bot: z
    .object({ kind: z.enum(['bot', 'webhook']), colour: z.string().max(32), channelId: id.nullable(), createdBy: id, createdAt: time })
    .nullable(),
  notify: z.object({ dm: level, channel: level }),
  lastConversationId: id.nullable(),
});

export const ChannelLine = z.object({
  id,
  kind: z.enum(['public', 'private', 'dm']),
  name: z.string().max(200),
  topic: z.string().max(2000),
  createdBy: count,
  createdAt: time,
  /** A DM's sorted member ids joined by ','; null for channels (and for a DM someone left). */
  dmKey: z.string().max(200).nullable(),
  archivedAt: time.nullable(),
  announcement: z.boolean(),
  retentionDays: z.number().int().positive().nullable(),
  lastSeq: count,
  clock: count,
});

export const MemberLine = z.object({
  conversationId: id,
  userId: id,
  lastReadSeq: count,
  joinedAt: time,
  hiddenSeq: count.nullable(),
  blocked: z.boolean(),
  notify: level,
  muted: z.boolean(),
});

export const MessageLine = z.object({
  id,
  conversationId: id,
  /** Top-level: its seq in the conversation; a reply: its seq in the thread. */
  seq: count,
  /** A reply: its root's id; null for a top-level message. */
  threadId: id.nullable(),
  kind: z.enum(['user', 'system']),
  authorId: id,
  body: z.string().max(100_000),
  clientId: z.string().max(200).nullable(),
  createdAt: time,
  editedAt: time.nullable(),
  deletedAt: time.nullable(),
  replyCount: count,
  lastReplyAt: time.nullable(),
  clock: count,
  createdClock: count,
  /** As Message carries them: by name, @channel, @here. */
  mentions: z.object({ userIds: z.array(z.number().int().nonnegative()), all: z.boolean(), here: z.boolean() }),
  /** Who counts it as a mention (0: every member, for @channel). */
  mentionRows: z.array(z.number().int().nonnegative()),
  /** Earlier bodies, oldest first. */
  versions: z.array(z.object({ body: z.string().max(100_000), replacedAt: time })),
  reactions: z.array(z.object({ emoji: z.string().min(1).max(64), userId: id, at: time })),
  /** The files it carries, in order, as Message.files shows them (each also a line of files.jsonl). */
  files: z.array(
    z.object({
      id: fileId,
      name: z.string().min(1).max(255),
      size: count,
      type: z.string().max(255),
      width: z.number().int().positive().optional(),
      height: z.number().int().positive().optional(),
    }),
  ),
  /** A reply also sent to the channel: its copy's id there. */
  alsoInChannel: id.optional(),
  /** That copy: the thread and the reply it copies (which comes before it). Its files are the reply's. */
  fromThread: z.object({ rootId: id, replyId: id }).optional(),
});

export const FollowLine = z.object({ userId: id, rootId: id, conversationId: id, lastReadSeq: count });
export const BlockLine = z.object({ userId: id, blockedId: id, createdAt: time });

export const FileLine = z.object({
  id: fileId,
  userId: id,
  /** Null: an upload not sent yet. */
  messageId: id.nullable(),
  conversationId: id.nullable(),
  name: z.string().min(1).max(255),
  size: count,
  type: z.string().max(255),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  createdAt: time,
  /** Whether `files/<id>.preview` follows. */
  preview: z.boolean(),
});

export const Manifest = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  exportedAt: time,
  workspace: z.object({
    name: z.string().max(200),
    icon: z.string().max(200_000),
    signUpMode: z.enum(['open', 'invite', 'closed']),
    retentionDays: z.number().int().positive().nullable(),
    uploadLimitMb: z.number().positive().nullable(),
  }),
  counts: z.record(z.string(), count),
});

export type UserLine = z.infer<typeof UserLine>;
export type ChannelLine = z.infer<typeof ChannelLine>;
export type MemberLine = z.infer<typeof MemberLine>;
export type MessageLine = z.infer<typeof MessageLine>;
export type FollowLine = z.infer<typeof FollowLine>;
export type BlockLine = z.infer<typeof BlockLine>;
export type FileLine = z.infer<typeof FileLine>;
export type Manifest = z.infer<typeof Manifest>;

/** The line files, in the order they must appear (each refers only to the ones before it). */
export const LINE_FILES = {
  'users.jsonl': UserLine,
  'channels.jsonl': ChannelLine,
  'members.jsonl': MemberLine,
  'messages.jsonl': MessageLine,
  'follows.jsonl': FollowLine,
  'blocks.jsonl': BlockLine,
  'files.jsonl': FileLine,
} as const;
export type LineFile = keyof typeof LINE_FILES;
export const ENTRY_ORDER: readonly string[] = ['manifest.json', ...Object.keys(LINE_FILES)];

/** `files/<id>` (the bytes) and `files/<id>.preview`. */
export const FILE_ENTRY = /^files\/([A-Za-z0-9_-]{22})(\.preview)?$/;
