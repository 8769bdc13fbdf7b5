// Flack's wire protocol: every HTTP body and Socket.IO event, shared by server, web client, bots and tests.
// docs/API.md explains each one; change both together.
import type { CommandAnswer, CustomCommand } from './outgoing.js';
import type { Integration, IssuedToken } from './integrations.js';
import type { AuditPage, Invite, PasswordResetLink, ServerStats, SessionInfo, Workspace } from './admin.js';
import type { FileInfo } from './files.js';
import type { OutgoingDelivery, OutgoingHook, OutgoingTrigger } from './outgoing.js';
import type { InviteRole, Role, SignUpMode } from './roles.js';

export type { FileInfo } from './files.js';
export type {
  AuditEntry,
  AuditPage,
  Invite,
  InvitePreview,
  PasswordResetLink,
  PasswordResetPreview,
  ServerStats,
  SessionInfo,
  Workspace,
  WorkspaceDoor,
} from './admin.js';
export type { InviteRole, Role, SignUpMode } from './roles.js';
export type { OutgoingDelivery, OutgoingHook, OutgoingPayload, OutgoingTrigger } from './outgoing.js';

/** Bumped on every incompatible change. Browsers send it at the handshake; a mismatch is refused (reload). */
export const PROTOCOL_VERSION = 3;

/** Stable error codes. Clients switch on these, never on `message`. */
export type ErrorCode =
  | 'invalid' // payload failed validation (wrong shape, type or size)
  | 'unauthorized' // no valid session
  | 'not_found' // does not exist, or you may not know it exists
  | 'forbidden' // you can see it but may not do this
  | 'username_taken'
  | 'username_invalid'
  | 'password_invalid'
  | 'wrong_password' // unknown username or wrong password (deliberately the same)
  | 'name_taken' // channel name already used (ignoring case)
  | 'name_invalid'
  | 'empty' // message body empty or whitespace only
  | 'too_long' // message body over MAX_MESSAGE_LENGTH
  | 'too_many_members' // group DM over MAX_DM_MEMBERS
  | 'too_many_reactions' // a message already has LIMITS.reactionsPerMessage different emoji
  | 'emoji_invalid' // a reaction that is not one emoji
  | 'thread_invalid' // a reply to a reply, or to a system message
  | 'query_too_short' // a search word or phrase under LIMITS.searchWordMin characters, or nothing to search for
  | 'too_large' // an upload over MAX_UPLOAD_MB, or an image over FILE_LIMITS.imagePixelsMax pixels
  | 'quota_exceeded' // an upload that would take your files past UPLOAD_QUOTA_MB
  | 'file_invalid' // an upload cut off, empty, or an image that does not decode
  | 'storage_full' // the server could not store the upload (its disk is full)
  | 'signup_closed' // sign-up is closed, or needs an invite link (the workspace's sign-up mode)
  | 'invite_invalid' // an invite link that does not exist, expired, was used up or revoked
  | 'last_owner' // the change would leave the workspace without an active owner
  | 'conflict' // `admin:settings` named a version that is no longer current: read again, then change
  | 'reset_invalid' // a password reset link that does not exist, expired or was used
  | 'archived' // the channel is archived: read-only until it is unarchived
  | 'command_failed' // a custom slash command's webhook did not answer, or not usefully (the message says how)
  | 'rate_limited'
  | 'internal';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** For rate_limited: milliseconds after which a retry may succeed. */
  retryAfterMs?: number;
}

/** Every Socket.IO acknowledgement has this shape. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type AckFn<T> = (reply: Ack<T>) => void;

export interface User {
  id: number;
  username: string;
  createdAt: number; // ms since epoch, server clock
  role: Role;
  /** Present when the account was deleted: its messages stay, its name stays reserved, it can't sign in. */
  deactivated?: true;
  /** Present on bot accounts and incoming webhooks (src/shared/integrations.ts): made by an admin, not a person. */
  bot?: { colour: string };
}

export interface UserWithPresence extends User {
  online: boolean;
}

export type ConversationKind = 'public' | 'private' | 'dm';

/** Facts about a conversation that are the same for every member. */
export interface Conversation {
  id: number;
  kind: ConversationKind;
  /** Channel name without '#'; '' for DMs. */
  name: string;
  topic: string;
  createdBy: number;
  createdAt: number;
  /** Sequence number of the newest message (0 when empty). Sequences are 1, 2, 3… per conversation. */
  lastSeq: number;
  memberCount: number;
  /** Archived: read-only (nothing can be sent, edited or reacted to), out of the sidebar, still searchable. */
  archived?: true;
  /** Only admins start threads here (anyone may reply in one). */
  announcement?: true;
  /** Messages older than this many days are deleted (absent: the workspace's retention). */
  retentionDays?: number;
  /** DMs only: every participant, including you. */
  members?: User[];
}

/** A conversation as one user sees it. */
export interface ConversationView extends Conversation {
  isMember: boolean;
  /** Highest sequence this user has read. unread = lastSeq - lastReadSeq (for members). */
  lastReadSeq: number;
  /**
   * You hid this DM (`conversation:hide`): keep it out of the list while lastSeq <= hiddenSeq — a new message
   * brings it back. Absent when not hidden.
   */
  hiddenSeq?: number;
  /**
   * Top-level messages after lastReadSeq, not by you, that mention you: by name, or `@channel`/`@everyone`, or
   * `@here` while you were online. 0 for non-members. Mentions in replies count in their ThreadState instead.
   */
  mentionCount: number;
  /** Your notification level here; absent: the default (every message in a DM, mentions elsewhere). */
  notify?: NotifyLevel;
  /** Muted: no notifications, and out of the unread total and the title. Absent when not. */
  muted?: true;
}

/** What notifies you in a conversation: every message by others, only those that mention you, or nothing. */
export type NotifyLevel = 'all' | 'mentions' | 'nothing';

/** Your levels for conversations that have none of their own: by default every DM message, mentions elsewhere. */
export interface NotifyDefaults {
  dm: NotifyLevel;
  channel: NotifyLevel;
}

export const BUILT_IN_NOTIFY_DEFAULTS: NotifyDefaults = { dm: 'all', channel: 'mentions' };

/** What you were writing in a conversation (or one of its threads), kept for your other devices. */
export interface Draft {
  conversationId: number;
  /** The thread's root; null for the conversation itself. */
  threadId: number | null;
  /** '' once sent or cleared. */
  body: string;
  updatedAt: number;
}

/** Your notification preferences for one conversation, as set on any of your devices. */
export interface NotifyPreferences {
  conversationId: number;
  /** null: the default for the kind of conversation. */
  notify: NotifyLevel | null;
  muted: boolean;
}

export type MessageKind = 'user' | 'system';

/** One emoji on a message and who put it there, in the order they reacted. */
export interface Reaction {
  emoji: string;
  userIds: number[];
}

/**
 * A message as it is now. Every change to it (edit, delete, reaction) sends it again, whole, with a higher
 * `clock`: keep the copy with the highest clock.
 */
/** A thread's summary, on the message it replies to (its root). */
export interface ThreadSummary {
  replyCount: number;
  lastReplyAt: number;
  /** The most recent distinct repliers, newest first (at most 5). */
  replierIds: number[];
}

export interface Message {
  id: number;
  conversationId: number;
  /**
   * Position: in the conversation for a top-level message (1, 2, 3…, what unread counts count), in its thread
   * for a reply (the thread's replies are 1, 2, 3…).
   */
  seq: number;
  /** A reply: the id of the message it replies to (the thread's root). Null for top-level messages. */
  threadId: number | null;
  kind: MessageKind;
  authorId: number;
  authorName: string;
  /** Stored and delivered verbatim; clients must render it as text. System messages: e.g. "joined the channel". */
  body: string;
  /** The sender's idempotency key (null for system messages). */
  clientId: string | null;
  createdAt: number;
  /** The conversation's change clock when this message last changed (was sent, edited, deleted, reacted to). */
  clock: number;
  /** When the body was last edited, or null. */
  editedAt: number | null;
  /** Set when the message was deleted: a tombstone whose body is '' and which has no reactions. */
  deletedAt: number | null;
  reactions: Reaction[];
  /** A root with replies: the thread's summary (changes with each reply). Null otherwise. */
  thread: ThreadSummary | null;
  /** Members mentioned by name (`@username`), never the author; [] when none. */
  mentions: number[];
  /** `@channel` or `@everyone`: every member is mentioned (in a reply: everyone following the thread). */
  mentionsAll?: true;
  /** `@here`: the members online when this text was stored are mentioned (in a reply: those following it). */
  mentionsHere?: true;
  /** Attached files, in the order sent; absent when none (and on a deleted message: its files went with it). */
  files?: FileInfo[];
  /** A reply sent with `alsoToChannel`: the id of its copy in the conversation's top level. */
  alsoInChannel?: number;
  /**
   * The channel's copy of a reply sent with `alsoToChannel`: the thread (its root's id) and the reply. The copy
   * follows the reply: editing or deleting either changes both, in one change. Its reactions are its own.
   */
  fromThread?: { rootId: number; replyId: number };
}

/** The reply to `message:send`. */
export interface SentMessage {
  message: Message;
  /** People the body names who have an account but are not in the conversation: they were not notified. */
  notInConversation?: string[];
}

/**
 * The one envelope for every change to a conversation's messages, live (`changes` event) and in catch-up
 * (`sync` reply). Each conversation has a change clock: every change bumps it by one, in the same transaction.
 * A batch holds the current state of each message that changed after `since`, up to and including `clock`.
 * Live batches are one change each (`clock === since + 1`); a batch whose `since` is past what you hold means you
 * missed something: `sync` from your clock.
 */
export interface ChangeBatch {
  conversationId: number;
  since: number;
  clock: number;
  messages: Message[];
}

/** An earlier text of an edited message (the author sees them with `message:versions`). */
export interface MessageVersion {
  body: string;
  /** When this text was replaced. */
  replacedAt: number;
}

export interface Snapshot {
  me: User;
  /**
   * The conversations you belong to: channels, private channels and DMs (hidden DMs too, with `hiddenSeq`).
   * Public channels you are not in: `channels:browse`.
   */
  conversations: ConversationView[];
  /**
   * The people these conversations name (DM participants other than you), with presence, which keeps reaching
   * this socket (`presence:watch` changes whose). Anyone else: `users:get`, `users:search`.
   */
  users: UserWithPresence[];
  /** Where you were last (any device), or null. */
  lastConversationId: number | null;
  /** Threads you follow (you started or replied to them), most recently active first, at most 100. */
  threads: ThreadState[];
  /** Your unsent drafts in the conversations you are in, newest first, at most 100. */
  drafts: Draft[];
  /** People you blocked: they cannot start a DM with you or add you to one. */
  blockedUserIds: number[];
  protocolVersion: number;
  /**
   * The largest upload the server takes now (the console's limit, at most MAX_UPLOAD_MB), so a client can refuse a
   * bigger file before sending it; `workspace` events bring changes (Workspace.uploadLimitMb).
   */
  maxUploadBytes: number;
  /** Your notification levels for DMs and for channels without a level of their own. */
  notifyDefaults: NotifyDefaults;
  workspace: Workspace;
}

/** How far you have read a thread you follow. Unread replies: replyCount - lastReadSeq. */
export interface ThreadState {
  rootId: number;
  conversationId: number;
  replyCount: number;
  lastReplyAt: number;
  lastReadSeq: number;
  /** Replies after lastReadSeq, not by you, that mention you (a mention by name makes you follow the thread). */
  mentionCount: number;
}

export interface ThreadPage {
  root: Message;
  /** Replies, oldest first. */
  messages: Message[];
  /** True when older replies exist before messages[0]. */
  hasMore: boolean;
  /** The conversation's change clock, read before the page (replies are changes of their conversation). */
  clock: number;
}

// ---------- HTTP ----------

export interface Credentials {
  username: string;
  password: string;
}
/** POST /api/auth/signup: `invite` is the token of an invite link (needed unless sign-up is open). */
export interface SignUpRequest extends Credentials {
  invite?: string;
}
/** POST /api/auth/signup and /api/auth/signin reply. The token also works as `Authorization: Bearer`. */
export interface AuthReply {
  user: User;
  token: string;
}
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

// ---------- Socket.IO events, client → server ----------

export interface HistoryPage {
  /** Oldest first. */
  messages: Message[];
  /** True when older messages exist before messages[0]. */
  hasMore: boolean;
  /** With `after` or `around`: true when newer messages exist after the last one. */
  hasNewer?: boolean;
  /**
   * The conversation's change clock, read before the page: every change after it reaches you live (or through
   * `sync` from it). Start your cursor here.
   */
  clock: number;
}

export interface SyncReply {
  /** One batch per conversation that changed (its `clock` is the conversation's current clock). */
  changes: ChangeBatch[];
  /** Conversations too far behind (or no longer visible): refetch with `history`. */
  reset: number[];
}

/**
 * Where a search matched in a message's body: UTF-16 offsets, `body.slice(start, end)`, in order, not overlapping,
 * at most LIMITS.searchHighlightsMax.
 */
export interface Highlight {
  start: number;
  end: number;
}

export interface SearchResult {
  conversationId: number;
  message: Message;
  highlights: Highlight[];
}

export interface SearchPage {
  /** Newest first. */
  results: SearchResult[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  next: number | null;
}

/** A page of a list ordered by name: pass `next` as `after` for the following page; null on the last one. */
export interface Page {
  next: string | null;
}

export interface ClientToServerEvents {
  state: (payload: Record<string, never>, ack: AckFn<Snapshot>) => void;
  /**
   * Public channels by name, 50 per page (`limit` up to 100); with `query`, those whose name starts with it
   * (case-insensitive).
   */
  'channels:browse': (
    payload: { query?: string; after?: string; limit?: number },
    ack: AckFn<{ channels: ConversationView[] } & Page>,
  ) => void;
  /** People by id (at most 100), with presence; ids of nobody are left out. Deleted accounts come with `deactivated`. */
  'users:get': (payload: { ids: number[] }, ack: AckFn<{ users: UserWithPresence[] }>) => void;
  /**
   * The people directory, by username, 50 per page (`limit` up to 100): with `query` (at most 32 characters),
   * those whose username starts with it (case-insensitive); '' lists everyone. Deleted accounts are left out.
   */
  'users:search': (
    payload: { query: string; after?: string; limit?: number },
    ack: AckFn<{ users: UserWithPresence[] } & Page>,
  ) => void;
  /**
   * Whose presence this socket is sent (`presence` events): replaces the set, at most 500 people. `state` sets it
   * to the snapshot's `users`. Answers their presence now.
   */
  'presence:watch': (payload: { userIds: number[] }, ack: AckFn<{ presence: PresenceChange[] }>) => void;
  'channel:create': (
    payload: { name: string; topic?: string; visibility: 'public' | 'private' },
    ack: AckFn<{ conversation: ConversationView }>,
  ) => void;
  'channel:join': (payload: { conversationId: number }, ack: AckFn<{ conversation: ConversationView }>) => void;
  'channel:leave': (payload: { conversationId: number }, ack: AckFn<Record<string, never>>) => void;
  /** Name: its creator or an admin; topic: any member; `announcement` (only admins post): admins. */
  'channel:update': (
    payload: { conversationId: number; name?: string; topic?: string; announcement?: boolean; retentionDays?: number | null },
    ack: AckFn<{ conversation: Conversation }>,
  ) => void;
  'channel:invite': (payload: { conversationId: number; username: string }, ack: AckFn<{ user: User }>) => void;
  'channel:remove': (payload: { conversationId: number; userId: number }, ack: AckFn<Record<string, never>>) => void;
  /** Archive (read-only, out of the sidebar) or unarchive a channel: its creator or an admin. Posts a notice. */
  'channel:archive': (payload: { conversationId: number; archived: boolean }, ack: AckFn<{ conversation: Conversation }>) => void;
  /** The creator deletes a channel with all its messages; everyone who could see it gets `conversation:removed`. */
  'channel:delete': (payload: { conversationId: number }, ack: AckFn<Record<string, never>>) => void;
  /** Leave a group DM (3 or more people): the others keep it. A DM of two can be hidden, not left. */
  'dm:leave': (payload: { conversationId: number }, ack: AckFn<Record<string, never>>) => void;
  /** Hide a DM from your list until its next message, or show it again. Your devices get `membership`. */
  'conversation:hide': (payload: { conversationId: number; hidden: boolean }, ack: AckFn<Record<string, never>>) => void;
  /** Keeps what you are writing (send at most every second or so while typing; '' clears it, as after a send). */
  'draft:set': (payload: { conversationId: number; threadId?: number; body: string }, ack: AckFn<Record<string, never>>) => void;
  /** Your notification level (null: the default) and mute for a conversation you are in; omitted fields stay. */
  'conversation:notify': (payload: { conversationId: number; notify?: NotifyLevel | null; muted?: boolean }, ack: AckFn<NotifyPreferences>) => void;
  /** Your default levels (for DMs, for channels); omitted fields stay as they are. Your sockets get `notifyDefaults`. */
  'notify:defaults': (payload: { dm?: NotifyLevel; channel?: NotifyLevel }, ack: AckFn<NotifyDefaults>) => void;
  /** Block or unblock someone: a blocked person cannot start a DM with you, add you to one, or write in your DM. */
  'user:block': (payload: { userId: number; blocked: boolean }, ack: AckFn<{ blockedUserIds: number[] }>) => void;
  /** Members by username, 100 per page (`limit` up to 200). */
  'conversation:members': (
    payload: { conversationId: number; query?: string; after?: string; limit?: number },
    ack: AckFn<{ members: User[] } & Page>,
  ) => void;
  /** Open (or find) the DM with these other users (1–7 of them). */
  'dm:open': (payload: { userIds: number[] }, ack: AckFn<{ conversation: ConversationView }>) => void;
  /**
   * Newest `limit` (default and max 100) top-level messages with seq < before (default: newest). Or, with `after`:
   * the oldest `limit` with seq > after (paging down); with `around`: that seq and up to half the page on either
   * side (jumping to a message). At most one of before, after, around.
   */
  history: (
    payload: { conversationId: number; before?: number; after?: number; around?: number; limit?: number },
    ack: AckFn<HistoryPage>,
  ) => void;
  /**
   * Idempotent per (you, clientId): a retry returns the original message (and sends it to the room again).
   * With `threadId`: a reply in the thread of that top-level message (you then follow the thread); with
   * `alsoToChannel` too, a copy of it is also posted in the conversation itself (`fromThread` names the reply).
   * With `files`: ids of your uploads (`POST /api/files`) not yet sent, at most 10; the body may then be ''.
   */
  'message:send': (
    payload: { conversationId: number; clientId: string; body: string; threadId?: number; alsoToChannel?: boolean; files?: string[] },
    ack: AckFn<SentMessage>,
  ) => void;
  /** A thread: its root and its newest `limit` (default and max 100) replies with seq < before. */
  'thread:history': (payload: { messageId: number; before?: number; limit?: number }, ack: AckFn<ThreadPage>) => void;
  /** You have read a thread's replies up to seq (only moves forward). */
  'thread:read': (payload: { messageId: number; seq: number }, ack?: AckFn<Record<string, never>>) => void;
  /** Threads you follow, most recently active first, 20 per page: `before` is a lastReplyAt from the previous page. */
  'threads:list': (
    payload: { before?: number },
    ack: AckFn<{ threads: { root: Message; state: ThreadState }[]; hasMore: boolean }>,
  ) => void;
  /** Your own message only. The old text is kept as a version. */
  'message:edit': (payload: { messageId: number; body: string }, ack: AckFn<{ message: Message }>) => void;
  /** Your own message only: it becomes a tombstone; its text, versions and reactions are gone. */
  'message:delete': (payload: { messageId: number }, ack: AckFn<{ message: Message }>) => void;
  /** Earlier texts of your own edited message, oldest first. */
  'message:versions': (payload: { messageId: number }, ack: AckFn<{ versions: MessageVersion[] }>) => void;
  /** Adding a reaction you already made, or removing one you did not, changes nothing and succeeds. */
  'reaction:add': (payload: { messageId: number; emoji: string }, ack: AckFn<{ message: Message }>) => void;
  'reaction:remove': (payload: { messageId: number; emoji: string }, ack: AckFn<{ message: Message }>) => void;
  typing: (payload: { conversationId: number }, ack?: AckFn<Record<string, never>>) => void;
  read: (payload: { conversationId: number; seq: number }, ack?: AckFn<Record<string, never>>) => void;
  /** Remember the conversation the user is looking at (null: none). */
  focus: (payload: { conversationId: number | null }, ack?: AckFn<Record<string, never>>) => void;
  /**
   * Full-text search of the messages of the conversations you are a member of, newest first, `limit` (default 20,
   * at most 50) a page: `before` is the previous page's `next`. The query language is in docs/API.md.
   */
  search: (payload: { query: string; before?: number; limit?: number }, ack: AckFn<SearchPage>) => void;
  /** Catch-up, after a reconnect or a gap: per conversation, the change clock you hold (contiguously). */
  sync: (payload: { positions: { conversationId: number; clock: number }[] }, ack: AckFn<SyncReply>) => void;

  /** Your signed-in devices, most recently used first. */
  'sessions:list': (payload: Record<string, never>, ack: AckFn<{ sessions: SessionInfo[] }>) => void;
  /** Sign one of your devices out (its sockets close at once). Signing this one out: POST /api/auth/signout. */
  'sessions:revoke': (payload: { id: string }, ack: AckFn<Record<string, never>>) => void;

  /**
   * Web Push on this device (docs/PUSH.md): the browser's PushSubscription (an https endpoint, at most 2 KB; keys in
   * base64url, p256dh 65 bytes, auth 16). It lasts as long as this session; a user keeps their 10 newest.
   */
  'push:subscribe': (payload: { endpoint: string; keys: { p256dh: string; auth: string } }, ack: AckFn<{ device: PushDevice }>) => void;
  /** Stop pushing to one of your devices, by its endpoint (this browser) or its id (`push:list`). */
  'push:unsubscribe': (payload: { endpoint?: string; id?: number }, ack: AckFn<Record<string, never>>) => void;
  /** Your devices that receive pushes, newest first. */
  'push:list': (payload: Record<string, never>, ack: AckFn<{ devices: PushDevice[] }>) => void;

  // Admins only (owner and admin roles); anyone else gets `forbidden`, and the refusal is in the audit log.
  /** Everyone, deactivated accounts too, by username, 50 a page; `query`: names starting with it. */
  'admin:users': (payload: { query?: string; after?: string; limit?: number }, ack: AckFn<{ users: User[] } & Page>) => void;
  /** Change someone's role (src/shared/roles.ts says who may). Their sockets reconnect with the new rights. */
  'admin:role': (payload: { userId: number; role: Role }, ack: AckFn<{ user: User }>) => void;
  /** Deactivate (signed out at once on every device, content kept) or reactivate someone. */
  'admin:deactivate': (payload: { userId: number; deactivated: boolean }, ack: AckFn<{ user: User }>) => void;
  /** A one-time link (`<origin>/#/reset/<token>`, 24 hours) that sets a new password for someone: hand it over yourself. */
  'admin:reset': (payload: { userId: number }, ack: AckFn<PasswordResetLink>) => void;
  /** Invite links, newest first (revoked and expired ones too, for a while). */
  'admin:invites': (payload: Record<string, never>, ack: AckFn<{ invites: Invite[] }>) => void;
  /** A new invite link: for `role`, into `channelIds` (a guest link needs at least one), for `hours`, `maxUses` times. */
  'admin:invite': (
    payload: { role: InviteRole; channelIds?: number[]; hours: number; maxUses: number },
    ack: AckFn<{ invite: Invite }>,
  ) => void;
  'admin:revoke': (payload: { inviteId: number }, ack: AckFn<{ invite: Invite }>) => void;
  /** Change settings: `version` is the one you read (else `conflict`). Everyone gets `workspace`. */
  'admin:settings': (
    payload: {
      version: number;
      name?: string;
      icon?: string;
      signUpMode?: SignUpMode;
      retentionDays?: number | null;
      /** null: the server's MAX_UPLOAD_MB. */
      uploadLimitMb?: number | null;
    },
    ack: AckFn<{ workspace: Workspace }>,
  ) => void;
  /** The answering node's live numbers: sockets, messages per second, delivery latency, database size. */
  'admin:stats': (payload: Record<string, never>, ack: AckFn<ServerStats>) => void;
  /** The custom slash commands an admin made (outgoing webhooks with the 'command' trigger), for the composer to offer. */
  'commands:list': (payload: Record<string, never>, ack: AckFn<{ commands: CustomCommand[] }>) => void;
  /**
   * Runs a custom slash command in a conversation you are in: its webhook answers within a few seconds, shown only to
   * you, or posted in the conversation as its bot (`changes` then brings it to everyone).
   */
  'command:run': (
    payload: { conversationId: number; threadId?: number; command: string; text: string },
    ack: AckFn<CommandAnswer>,
  ) => void;
  /** The audit log, newest first, 50 a page: `before` is the previous page's `next`. */
  'admin:audit': (payload: { before?: number }, ack: AckFn<AuditPage>) => void;
  /** Bot accounts and incoming webhooks (src/shared/integrations.ts), deactivated ones too, by name. */
  'admin:integrations': (payload: Record<string, never>, ack: AckFn<{ bots: Integration[]; webhooks: Integration[] }>) => void;
  /**
   * A bot account, added to `channelIds` (public ones, or private ones you are in). The token is in this ack only.
   * Deactivate or reactivate it with `admin:deactivate`.
   */
  'admin:bot:create': (payload: { username: string; colour?: string; channelIds?: number[] }, ack: AckFn<IssuedToken>) => void;
  /**
   * An incoming webhook posting into `channelId` as `name` (a username: it shows on its messages). Its URL is
   * `<origin>/hooks/<token>`, in this ack only. Revoke it with `admin:deactivate`.
   */
  'admin:webhook:create': (payload: { name: string; colour?: string; channelId: number }, ack: AckFn<IssuedToken>) => void;
  /** A new token for a bot or a webhook (a new URL); the old one stops working at once. */
  'admin:integration:rotate': (payload: { userId: number }, ack: AckFn<IssuedToken>) => void;
  /** Outgoing webhooks (docs/OUTGOING-WEBHOOKS.md), without their secrets. */
  'admin:outgoing': (payload: Record<string, never>, ack: AckFn<{ hooks: OutgoingHook[] }>) => void;
  /** A new hook; its `secret` is shown this once. `channelId` null: every public channel. The URL must pass the SSRF rule. */
  'admin:outgoing:create': (
    payload: { name: string; url: string; channelId: number | null; trigger: OutgoingTrigger; words?: string[]; posterUserId: number },
    ack: AckFn<{ hook: OutgoingHook; secret: string }>,
  ) => void;
  /** Change a hook: enable or disable it, its URL, trigger, words, channel, name or poster. */
  'admin:outgoing:update': (
    payload: {
      hookId: number;
      enabled?: boolean;
      name?: string;
      url?: string;
      channelId?: number | null;
      trigger?: OutgoingTrigger;
      words?: string[];
      posterUserId?: number;
    },
    ack: AckFn<{ hook: OutgoingHook }>,
  ) => void;
  /** A new secret, shown this once; the old one signs nothing from now on. */
  'admin:outgoing:rotate': (payload: { hookId: number }, ack: AckFn<{ hook: OutgoingHook; secret: string }>) => void;
  /** Deletes the hook and its delivery log. */
  'admin:outgoing:delete': (payload: { hookId: number }, ack: AckFn<Record<string, never>>) => void;
  /** The hook's deliveries, newest first, 50 a page: `before` is the previous page's `next`. */
  'admin:outgoing:deliveries': (
    payload: { hookId: number; before?: number },
    ack: AckFn<{ deliveries: OutgoingDelivery[]; next: number | null }>,
  ) => void;
}

// ---------- Socket.IO events, server → client ----------

export interface MembershipChange {
  conversationId: number;
  isMember: boolean;
  lastReadSeq: number;
  /** As in ConversationView: present while you have it hidden. */
  hiddenSeq?: number;
  /** As in ConversationView, counted after this change (a read, an edit that added or removed a mention of you). */
  mentionCount: number;
}

export interface PresenceChange {
  userId: number;
  online: boolean;
}

export interface ServerToClientEvents {
  /** A change in a conversation you belong to: new, edited, deleted or reacted-to messages. May repeat what you hold. */
  changes: (batch: ChangeBatch) => void;
  /** A conversation you can see was created or changed (name, topic, lastSeq, memberCount). Upsert by id. */
  conversation: (conversation: Conversation) => void;
  /** Your own membership or read position changed (possibly from another tab or device). */
  membership: (change: MembershipChange) => void;
  /** Your position in a thread you follow changed (you replied or read it, possibly on another device). */
  thread: (state: ThreadState) => void;
  /** You can no longer see this conversation (left or removed from a private channel). */
  'conversation:removed': (payload: { conversationId: number; reason: 'deleted' | 'removed' | 'left' }) => void;
  /**
   * Presence changes of the people this socket watches (`presence:watch`), batched (one packet per 250 ms at
   * most; up to 2 s on a node with 10,000 sockets).
   */
  presence: (changes: PresenceChange[]) => void;
  /** A draft of yours changed on another device ('' body: sent or cleared). */
  draft: (payload: Draft) => void;
  /** Your notification preferences for a conversation changed (on this or another device). */
  preferences: (payload: NotifyPreferences) => void;
  /** Your default notification levels changed (on this or another device). */
  notifyDefaults: (payload: NotifyDefaults) => void;
  typing: (payload: { conversationId: number; userId: number; username: string }) => void;
  /** Someone signed up, or their role changed, or they were deactivated or reactivated. */
  user: (user: User) => void;
  /** Your block list changed (on another device). */
  blocks: (payload: { blockedUserIds: number[] }) => void;
  /** The workspace's settings changed. */
  workspace: (workspace: Workspace) => void;
}

/** A device that receives Web Push notifications. */
export interface PushDevice {
  id: number;
  createdAt: number;
  /** When a push last reached its push service; null: never yet. */
  lastSuccessAt: number | null;
  userAgent: string;
}

/** What one push carries, encrypted for the device (RFC 8291): the service worker shows it. */
export interface PushPayload {
  conversationId: number;
  messageId: number;
  title: string;
  /** A short excerpt of the message, at most PUSH_LIMITS.bodyMax characters. */
  body: string;
  /** The message's permalink, relative to the site: `/#/c/…`. */
  url: string;
}

export const PUSH_LIMITS = { endpointMax: 2048, perUser: 10, bodyMax: 200 } as const;

export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 256,
  channelNameMax: 80,
  topicMax: 250,
  messageMax: 4000,
  historyPage: 100,
  dmMaxMembers: 8,
  clientIdMax: 64,
  /** Different emoji on one message. */
  reactionsPerMessage: 50,
  /** UTF-16 code units of one emoji (a family with skin tones is about 20). */
  emojiMax: 32,
  usersPerGet: 100,
  presenceWatchMax: 500,
  /** Default and largest page of `users:search` and `channels:browse`. */
  directoryPage: 50,
  directoryPageMax: 100,
  membersPage: 100,
  membersPageMax: 200,
  /** A search query: characters, terms (words, phrases and operators), and the shortest word or phrase. */
  searchQueryMax: 256,
  searchTermsMax: 10,
  searchWordMin: 3,
  searchPage: 20,
  searchPageMax: 50,
  /** Highlights of one result (the first ones): a body of one word repeated would otherwise carry 1,000. */
  searchHighlightsMax: 100,
} as const;

/** Letters, digits, `_`, `.`, `-`. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
/** Like Slack: letters, digits, `-`, `_`; no spaces. */
export const CHANNEL_NAME_PATTERN = /^[\p{L}\p{N}_-]{1,80}$/u;

export const SESSION_COOKIE = 'flack_session';
