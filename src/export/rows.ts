// Archive lines ↔ table rows (the column names both stores share, src/storage/table-rows.ts). The only place the
// archive format meets the schema: a new column is added here, on both sides.
import { channelCopyFields } from '../storage/channel-copy.js';
import { channelNameKey } from '../shared/channel-name-key.js';
import type { Row } from '../storage/table-rows.js';
import type { BlockLine, ChannelLine, FileLine, FollowLine, MemberLine, MessageLine, UserLine } from './format.js';

const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown) => v === true || v === 1 || v === '1';

export const COLUMNS = {
  users: ['id', 'username', 'created_at', 'deactivated_at', 'role', 'bot_colour', 'notify_dm', 'notify_channel', 'last_conversation_id'],
  bots: ['user_id', 'kind', 'channel_id', 'created_by', 'created_at'],
  conversations: ['id', 'kind', 'name', 'topic', 'created_by', 'created_at', 'dm_key', 'archived_at', 'announcement', 'retention_days', 'last_seq', 'clock'],
  members: ['conversation_id', 'user_id', 'last_read_seq', 'joined_at', 'hidden_seq', 'blocked', 'notify', 'muted'],
  messages: ['id', 'conversation_id', 'seq', 'kind', 'author_id', 'body', 'client_id', 'created_at', 'clock', 'created_clock', 'edited_at', 'deleted_at', 'thread_id', 'reply_count', 'last_reply_at', 'mentions', 'files', 'broadcast_id', 'broadcast_root'],
  message_versions: ['message_id', 'body', 'replaced_at'],
  reactions: ['message_id', 'emoji', 'user_id', 'created_at'],
  mentions: ['message_id', 'user_id'],
  thread_reads: ['user_id', 'root_id', 'conversation_id', 'last_read_seq'],
  blocks: ['user_id', 'blocked_id', 'created_at'],
  files: ['id', 'user_id', 'message_id', 'conversation_id', 'name', 'size', 'type', 'width', 'height', 'created_at'],
  workspace: ['name', 'icon', 'signup_mode', 'retention_days', 'max_upload_mb'],
} as const;

export function userLine(row: Row, bot: Row | undefined): UserLine {
  return {
    id: num(row.id),
    username: String(row.username),
    createdAt: num(row.created_at),
    role: String(row.role),
    deactivatedAt: numOrNull(row.deactivated_at),
    bot: bot && row.bot_colour
      ? { kind: bot.kind as 'bot' | 'webhook', colour: String(row.bot_colour), channelId: numOrNull(bot.channel_id), createdBy: num(bot.created_by), createdAt: num(bot.created_at) }
      : null,
    notify: { dm: (row.notify_dm ?? null) as UserLine['notify']['dm'], channel: (row.notify_channel ?? null) as UserLine['notify']['channel'] },
    lastConversationId: numOrNull(row.last_conversation_id),
  };
}

/** An imported account has no password: it cannot sign in until an admin makes it a reset link (admin:reset). */
export const userRow = (u: UserLine): Row => ({
  id: u.id,
  username: u.username,
  password_hash: '',
  created_at: u.createdAt,
  deactivated_at: u.deactivatedAt,
  role: u.role,
  bot_colour: u.bot?.colour ?? null,
  notify_dm: u.notify.dm,
  notify_channel: u.notify.channel,
});

/** A bot's token is a secret and is not exported: the imported one is unusable until an admin rotates it. */
export const botRow = (u: UserLine, unusableTokenHash: string): Row | null =>
  u.bot && {
    user_id: u.id,
    kind: u.bot.kind,
    token_hash: unusableTokenHash,
    channel_id: u.bot.channelId,
    created_by: u.bot.createdBy,
    created_at: u.bot.createdAt,
    token_issued_at: u.bot.createdAt,
  };

export const channelLine = (r: Row): ChannelLine => ({
  id: num(r.id),
  kind: r.kind as ChannelLine['kind'],
  name: String(r.name),
  topic: String(r.topic),
  createdBy: num(r.created_by),
  createdAt: num(r.created_at),
  dmKey: (r.dm_key ?? null) as string | null,
  archivedAt: numOrNull(r.archived_at),
  announcement: bool(r.announcement),
  retentionDays: numOrNull(r.retention_days),
  lastSeq: num(r.last_seq),
  clock: num(r.clock),
});

/** `skeletons`: the look-alike keys given so far (public channels reserve them; a clash keeps the id, as migration 5 did). */
export function channelRow(c: ChannelLine, skeletons: Set<string>): Row {
  let skeleton: string | null = null;
  if (c.kind === 'public') {
    skeleton = channelNameKey(c.name);
    if (skeletons.has(skeleton)) skeleton = `${skeleton}#${c.id}`;
    skeletons.add(skeleton);
  }
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    name_skeleton: skeleton,
    topic: c.topic,
    created_by: c.createdBy,
    created_at: c.createdAt,
    dm_key: c.dmKey,
    archived_at: c.archivedAt,
    announcement: c.announcement,
    retention_days: c.retentionDays,
    last_seq: c.lastSeq,
    clock: c.clock,
  };
}

export const memberLine = (r: Row): MemberLine => ({
  conversationId: num(r.conversation_id),
  userId: num(r.user_id),
  lastReadSeq: num(r.last_read_seq),
  joinedAt: num(r.joined_at),
  hiddenSeq: numOrNull(r.hidden_seq),
  blocked: bool(r.blocked),
  notify: (r.notify ?? null) as MemberLine['notify'],
  muted: bool(r.muted),
});

export const memberRow = (m: MemberLine): Row => ({
  conversation_id: m.conversationId,
  user_id: m.userId,
  last_read_seq: m.lastReadSeq,
  joined_at: m.joinedAt,
  hidden_seq: m.hiddenSeq,
  blocked: m.blocked,
  notify: m.notify,
  muted: m.muted,
});

export function messageLine(r: Row, children: { versions: Row[]; reactions: Row[]; mentions: Row[] }): MessageLine {
  const stored = r.mentions ? (JSON.parse(String(r.mentions)) as { mentions?: number[]; mentionsAll?: true; mentionsHere?: true }) : {};
  return {
    id: num(r.id),
    conversationId: num(r.conversation_id),
    seq: num(r.seq),
    threadId: num(r.thread_id) === 0 ? null : num(r.thread_id),
    kind: r.kind as MessageLine['kind'],
    authorId: num(r.author_id),
    body: String(r.body),
    clientId: (r.client_id ?? null) as string | null,
    createdAt: num(r.created_at),
    editedAt: numOrNull(r.edited_at),
    deletedAt: numOrNull(r.deleted_at),
    replyCount: num(r.reply_count),
    lastReplyAt: numOrNull(r.last_reply_at),
    clock: num(r.clock),
    createdClock: num(r.created_clock),
    mentions: { userIds: stored.mentions ?? [], all: stored.mentionsAll === true, here: stored.mentionsHere === true },
    mentionRows: children.mentions.map((m) => num(m.user_id)),
    versions: children.versions.map((v) => ({ body: String(v.body), replacedAt: num(v.replaced_at) })),
    reactions: children.reactions.map((x) => ({ emoji: String(x.emoji), userId: num(x.user_id), at: num(x.created_at) })),
    files: r.files ? (JSON.parse(String(r.files)) as MessageLine['files']) : [],
    ...channelCopyFields(numOrNull(r.broadcast_id), numOrNull(r.broadcast_root)),
  };
}

/** The message's row and its children's, in the order they must be written. */
export function messageRows(m: MessageLine): { table: string; row: Row }[] {
  const { userIds, all, here } = m.mentions;
  const mentions = userIds.length || all || here ? JSON.stringify({ mentions: userIds, ...(all && { mentionsAll: true }), ...(here && { mentionsHere: true }) }) : null;
  const threadId = m.threadId ?? 0;
  return [
    {
      table: 'messages',
      row: {
        id: m.id,
        conversation_id: m.conversationId,
        seq: m.seq,
        kind: m.kind,
        author_id: m.authorId,
        body: m.body,
        client_id: m.clientId,
        created_at: m.createdAt,
        clock: m.clock,
        created_clock: m.createdClock,
        edited_at: m.editedAt,
        deleted_at: m.deletedAt,
        thread_id: threadId,
        reply_count: m.replyCount,
        reaction_count: m.reactions.length,
        last_reply_at: m.lastReplyAt,
        mentions,
        files: m.files.length ? JSON.stringify(m.files) : null,
        file_names: m.files.length && !m.fromThread ? m.files.map((f) => f.name).join('\n') : null,
        broadcast_id: m.alsoInChannel ?? m.fromThread?.replyId ?? null,
        broadcast_root: m.fromThread?.rootId ?? null,
      },
    },
    ...m.versions.map((v) => ({ table: 'message_versions', row: { message_id: m.id, body: v.body, replaced_at: v.replacedAt } })),
    ...m.reactions.map((x) => ({ table: 'reactions', row: { message_id: m.id, emoji: x.emoji, user_id: x.userId, created_at: x.at } })),
    ...m.mentionRows.map((userId) => ({
      table: 'mentions',
      row: { message_id: m.id, user_id: userId, conversation_id: m.conversationId, thread_id: threadId, seq: m.seq, author_id: m.authorId },
    })),
  ];
}

export const followLine = (r: Row): FollowLine => ({ userId: num(r.user_id), rootId: num(r.root_id), conversationId: num(r.conversation_id), lastReadSeq: num(r.last_read_seq) });
export const followRow = (f: FollowLine): Row => ({ user_id: f.userId, root_id: f.rootId, conversation_id: f.conversationId, last_read_seq: f.lastReadSeq });
export const blockLine = (r: Row): BlockLine => ({ userId: num(r.user_id), blockedId: num(r.blocked_id), createdAt: num(r.created_at) });
export const blockRow = (b: BlockLine): Row => ({ user_id: b.userId, blocked_id: b.blockedId, created_at: b.createdAt });

export const fileLine = (r: Row, preview: boolean): FileLine => ({
  id: String(r.id),
  userId: num(r.user_id),
  messageId: numOrNull(r.message_id),
  conversationId: numOrNull(r.conversation_id),
  name: String(r.name),
  size: num(r.size),
  type: String(r.type),
  width: numOrNull(r.width),
  height: numOrNull(r.height),
  createdAt: num(r.created_at),
  preview,
});
export const fileRow = (f: FileLine): Row => ({
  id: f.id,
  user_id: f.userId,
  message_id: f.messageId,
  conversation_id: f.conversationId,
  name: f.name,
  size: f.size,
  type: f.type,
  width: f.width,
  height: f.height,
  created_at: f.createdAt,
});
