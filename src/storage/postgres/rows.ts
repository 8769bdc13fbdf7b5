// Row ↔ protocol mappers. pg returns bigint (int8) as a string; every id, seq and ms timestamp here fits in a
// double, so each is turned into a number at this one boundary.
import { channelCopyFields } from '../channel-copy.js';
import type { Conversation, ConversationKind, ConversationView, Message, MessageKind, NotifyLevel, Reaction, User } from '../../shared/protocol.js';
import { filesFromJson } from '../files-json.js';
import { mentionsFromJson } from '../mentions-json.js';
import type { Role } from '../../shared/roles.js';
import type { Membership, UserRecord } from '../storage.js';

type Int8 = string | number;

export interface UserRow {
  id: Int8;
  username: string;
  password_hash: string;
  created_at: Int8;
  deactivated_at: Int8 | null;
  role: Role;
  bot_colour: string | null;
}

export const USER_COLUMNS = 'u.id, u.username, u.created_at, u.deactivated_at, u.role, u.bot_colour';
export const USER_RECORD_COLUMNS = `${USER_COLUMNS}, u.password_hash`;

export function toUser(row: Omit<UserRow, 'password_hash'>): User {
  const user: User = { id: Number(row.id), username: row.username, createdAt: Number(row.created_at), role: row.role };
  if (row.deactivated_at !== null) user.deactivated = true;
  if (row.bot_colour) user.bot = { colour: row.bot_colour };
  return user;
}

export function toUserRecord(row: UserRow): UserRecord {
  return { ...toUser(row), passwordHash: row.password_hash };
}

export interface ConversationRow {
  id: Int8;
  kind: ConversationKind;
  name: string;
  topic: string;
  created_by: Int8;
  created_at: Int8;
  last_seq: Int8;
  member_count: Int8;
  archived_at: Int8 | null;
  announcement: boolean;
  retention_days: number | null;
}

export interface ConversationViewRow extends ConversationRow {
  is_member: boolean;
  last_read_seq: Int8;
  hidden_seq: Int8 | null;
  notify: NotifyLevel | null;
  muted: boolean | null;
  mention_count: Int8;
}

export const CONVERSATION_COLUMNS = `c.id, c.kind, c.name, c.topic, c.created_by, c.created_at, c.last_seq,
  c.member_count, c.archived_at, c.announcement, c.retention_days`;

export function toConversation(row: ConversationRow): Conversation {
  const conversation: Conversation = {
    id: Number(row.id),
    kind: row.kind,
    name: row.name,
    topic: row.topic,
    createdBy: Number(row.created_by),
    createdAt: Number(row.created_at),
    lastSeq: Number(row.last_seq),
    memberCount: Number(row.member_count),
  };
  if (row.archived_at !== null) conversation.archived = true;
  if (row.announcement) conversation.announcement = true;
  if (row.retention_days !== null) conversation.retentionDays = row.retention_days;
  return conversation;
}

export function toConversationView(row: ConversationViewRow): ConversationView {
  const view: ConversationView = {
    ...toConversation(row),
    isMember: row.is_member,
    lastReadSeq: Number(row.last_read_seq),
    mentionCount: Number(row.mention_count),
  };
  if (row.hidden_seq !== null && Number(row.last_seq) <= Number(row.hidden_seq)) view.hiddenSeq = Number(row.hidden_seq);
  if (row.notify) view.notify = row.notify;
  if (row.muted) view.muted = true;
  return view;
}

export interface MembershipRow {
  conversation_id: Int8;
  user_id: Int8;
  last_read_seq: Int8;
  joined_at: Int8;
  hidden_seq: Int8 | null;
  blocked: boolean;
  notify: NotifyLevel | null;
  muted: boolean;
}

export function toMembership(row: MembershipRow): Membership {
  return {
    conversationId: Number(row.conversation_id),
    userId: Number(row.user_id),
    lastReadSeq: Number(row.last_read_seq),
    joinedAt: Number(row.joined_at),
    hiddenSeq: numberOrNull(row.hidden_seq),
    blocked: row.blocked,
    notify: row.notify,
    muted: row.muted,
  };
}

export interface MessageRow {
  id: Int8;
  conversation_id: Int8;
  seq: Int8;
  kind: MessageKind;
  author_id: Int8;
  author_name: string;
  body: string;
  client_id: string | null;
  created_at: Int8;
  clock: Int8;
  edited_at: Int8 | null;
  deleted_at: Int8 | null;
  thread_id: Int8;
  reply_count: Int8;
  reaction_count: number;
  last_reply_at: Int8 | null;
  created_clock: Int8;
  mentions: string | null;
  files: string | null;
  broadcast_id: Int8 | null;
  broadcast_root: Int8 | null;
}

/** Needs `messages m JOIN users u ON u.id = m.author_id`. */
export const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.seq, m.kind, m.author_id, u.username AS author_name, m.body,
  m.client_id, m.created_at, m.clock, m.edited_at, m.deleted_at, m.thread_id, m.reply_count, m.reaction_count, m.last_reply_at, m.created_clock, m.mentions, m.files,
  m.broadcast_id, m.broadcast_root`;

const numberOrNull = (value: Int8 | null) => (value === null ? null : Number(value));

export function toMessage(row: MessageRow, reactions: Reaction[] = [], replierIds: number[] = []): Message {
  return {
    id: Number(row.id),
    conversationId: Number(row.conversation_id),
    seq: Number(row.seq),
    kind: row.kind,
    authorId: Number(row.author_id),
    authorName: row.author_name,
    body: row.body,
    clientId: row.client_id,
    createdAt: Number(row.created_at),
    clock: Number(row.clock),
    editedAt: numberOrNull(row.edited_at),
    deletedAt: numberOrNull(row.deleted_at),
    reactions,
    threadId: Number(row.thread_id) || null,
    thread: Number(row.reply_count)
      ? { replyCount: Number(row.reply_count), lastReplyAt: Number(row.last_reply_at), replierIds }
      : null,
    ...mentionsFromJson(row.mentions),
    ...filesFromJson(row.files),
    ...channelCopyFields(numberOrNull(row.broadcast_id), numberOrNull(row.broadcast_root)),
  };
}
