// Row shapes of the SQLite schema and their mapping to protocol types.
import type { Conversation, ConversationKind, Message, MessageKind, Reaction, User } from '../../shared/protocol.js';
import type { UserRecord } from '../storage.js';
import type { Role } from '../../shared/roles.js';
import { filesFromJson } from '../files-json.js';
import { mentionsFromJson } from '../mentions-json.js';
import { channelCopyFields } from '../channel-copy.js';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  created_at: number;
  deactivated_at: number | null;
  role: Role;
  bot_colour: string | null;
}

/** The columns of a User (not its password hash), for `SELECT ${USER_COLUMNS} FROM users u`. */
export const USER_COLUMNS = 'u.id, u.username, u.created_at, u.deactivated_at, u.role, u.bot_colour';
export interface ConversationRow {
  id: number;
  kind: ConversationKind;
  name: string;
  topic: string;
  created_by: number;
  created_at: number;
  last_seq: number;
  member_count: number;
  archived_at: number | null;
  announcement: 0 | 1;
  retention_days: number | null;
}
export interface MessageRow {
  id: number;
  conversation_id: number;
  seq: number;
  kind: MessageKind;
  author_id: number;
  author_name: string;
  body: string;
  client_id: string | null;
  created_at: number;
  clock: number;
  edited_at: number | null;
  deleted_at: number | null;
  thread_id: number;
  reply_count: number;
  reaction_count: number;
  last_reply_at: number | null;
  created_clock: number;
  /** JSON of Message's mentions fields (see mentionsJson); null: none. */
  mentions: string | null;
  /** JSON of Message.files; null: none. */
  files: string | null;
  /** A reply sent to the channel too: its copy's id; that copy: the reply's id (channel-copy.ts). */
  broadcast_id: number | null;
  /** The copy only: its reply's thread. */
  broadcast_root: number | null;
}

export const toUserRecord = (row: UserRow): UserRecord => ({ ...toUser(row), passwordHash: row.password_hash });

export const toUser = (row: Omit<UserRow, 'password_hash'>): User => {
  const user: User = { id: row.id, username: row.username, createdAt: row.created_at, role: row.role };
  if (row.deactivated_at !== null) user.deactivated = true;
  if (row.bot_colour) user.bot = { colour: row.bot_colour };
  return user;
};

export const toConversation = (row: ConversationRow, members?: User[]): Conversation => {
  const conversation: Conversation = {
    id: row.id,
    kind: row.kind,
    name: row.name,
    topic: row.topic,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastSeq: row.last_seq,
    memberCount: row.member_count,
  };
  if (row.archived_at !== null) conversation.archived = true;
  if (row.announcement) conversation.announcement = true;
  if (row.retention_days !== null) conversation.retentionDays = row.retention_days;
  if (members) conversation.members = members;
  return conversation;
};

export const toMessage = (row: MessageRow, reactions: Reaction[] = [], replierIds: number[] = []): Message => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: row.seq,
  kind: row.kind,
  authorId: row.author_id,
  authorName: row.author_name,
  body: row.body,
  clientId: row.client_id,
  createdAt: row.created_at,
  clock: row.clock,
  editedAt: row.edited_at,
  deletedAt: row.deleted_at,
  reactions,
  threadId: row.thread_id || null,
  thread: row.reply_count ? { replyCount: row.reply_count, lastReplyAt: row.last_reply_at!, replierIds } : null,
  ...mentionsFromJson(row.mentions),
  ...filesFromJson(row.files),
  ...channelCopyFields(row.broadcast_id, row.broadcast_root),
});
