// The one storage interface. SQLite (default) and PostgreSQL implement it; the domain core sees nothing else.
// Every method is async so that a networked database fits behind it unchanged.
import type {
  ChangeBatch,
  Conversation,
  ConversationKind,
  ConversationView,
  Draft,
  Message,
  MessageKind,
  MessageVersion,
  NotifyLevel,
  ThreadState,
  User,
} from '../shared/protocol.js';
import type { FileRecords } from './file-records.js';
import type { IntegrationStore } from './integration-store.js';
import type { OutgoingStore } from './outgoing-store.js';
import type { PushStore } from './push-store.js';
import type { WorkspaceStore } from './workspace-store.js';

export interface UserRecord extends User {
  passwordHash: string;
}

export interface SessionRecord {
  tokenHash: string;
  createdAt: number;
  lastSeenAt: number;
  /** The User-Agent it signed in with ('' if none), at most 256 characters. */
  userAgent: string;
}

/** What a channel update may change; `archived` stamps or clears the archiving time. */
export interface ConversationChange {
  name?: string;
  topic?: string;
  archived?: boolean;
  announcement?: boolean;
  /** null: the workspace's retention. */
  retentionDays?: number | null;
}

export interface NewConversation {
  kind: ConversationKind;
  name: string; // '' for DMs
  topic: string;
  createdBy: number;
  createdAt: number;
  /** DMs: sorted member ids joined by ',' — unique, so a DM between the same people is found, not duplicated. */
  dmKey: string | null;
  /** Initial members; all start with lastReadSeq 0. */
  memberIds: number[];
}

/**
 * Who a message mentions, resolved by the core to members of its conversation (never the author). Stored with the
 * message, in its transaction: one row per user mentioned by name or by `@here`, and one row for `@channel`
 * (user 0, "every member": a channel of 10,000 costs one row, not 10,000).
 */
export interface MessageMentions {
  /** Mentioned by name (`Message.mentions`). In a reply, they follow the thread from this reply on. */
  userIds: number[];
  /** `@channel` / `@everyone`. */
  all: boolean;
  /** `@here`: the members online when the text was stored; null when the text has no `@here`. */
  here: number[] | null;
}

export interface NewMessage {
  conversationId: number;
  /** A reply: the id of the top-level message of the same conversation it replies to. */
  threadId?: number | null;
  authorId: number;
  kind: MessageKind;
  body: string;
  clientId: string | null;
  createdAt: number;
  /** Absent: it mentions nobody (system notices). */
  mentions?: MessageMentions;
  /** The author's unsent uploads it carries, in order (FilesUnavailable if one is not). */
  fileIds?: string[];
  /** A reply only: also post a copy of it in the conversation's top level, in the same change. */
  alsoToChannel?: boolean;
}

export interface AppendResult {
  message: Message;
  /** False when (authorId, clientId) already existed: `message` is the original. */
  created: boolean;
  /** A reply: its root as it is now (its thread summary changed in the same change). */
  root?: Message;
  /** A reply also sent to the channel: its copy there (Message.fromThread), from the same change. */
  copy?: Message;
}

/**
 * An edit or a deletion: the message, and the other half of a reply sent to the channel too (the copy of a reply,
 * or the reply of a copy), changed in the same transaction and stamped with the same clock.
 */
export interface MessageRewrite {
  message: Message;
  linked?: Message;
}

/** A system notice written in the same transaction as the change it tells of ("joined the channel"). */
export interface Notice {
  authorId: number;
  body: string;
}

/** A membership change, with the conversation as it is after it and the notice it posted. */
export interface MembershipChange {
  conversation: Conversation;
  membership: Membership;
  changes: ChangeBatch;
}

export interface ReactionChange {
  messageId: number;
  userId: number;
  emoji: string;
  at: number;
}

/** The message as it is now; `changed` is false when the call found nothing to do (no clock tick). */
export interface MessageChange {
  message: Message;
  changed: boolean;
}

export interface Membership {
  conversationId: number;
  userId: number;
  lastReadSeq: number;
  joinedAt: number;
  /** A hidden DM: hidden while the conversation's lastSeq <= hiddenSeq. Null when shown. */
  hiddenSeq: number | null;
  /** A DM of two where one blocked the other: neither may write in it. */
  blocked: boolean;
  /** Notification level chosen for this conversation; null: the default for its kind. */
  notify: NotifyLevel | null;
  muted: boolean;
}

/**
 * One page of a list in name order: `prefix` keeps the names that start with it (case-insensitive), `after` is the
 * previous page's `next`.
 */
export interface PageQuery {
  prefix?: string;
  after?: string;
  limit: number;
}
export interface PageOf<T> {
  items: T[];
  /** The sort key of the last item when more follow, else null. */
  next: string | null;
}

/** A word or phrase of a search, folded (lower case, no accents: src/core/search-query.ts). */
export interface SearchTerm {
  text: string;
  /** The message must not contain it. */
  negated: boolean;
  /** False: a two-character CJK word, too short for a trigram index, compared exactly (these scripts have no case). */
  indexed: boolean;
}

/**
 * A full-text search, parsed by the core. Only ever over the conversations `userId` is a member of now, only user
 * messages that are not deleted; every term and filter must hold (a filter's list: any of its values).
 */
export interface MessageSearch {
  userId: number;
  /** Substrings of the body, ignoring case and accents. */
  terms: SearchTerm[];
  /** Usernames, lower-cased: by one of them. */
  from: string[];
  /** Channel names (NFKC, lower-cased) and usernames of DM partners (the DM of two): in one of them. */
  inChannels: string[];
  inDmWith: string[];
  /** createdAt >= after, createdAt < before. */
  after?: number;
  before?: number;
  /** The body contains http:// or https://. */
  hasLink: boolean;
  /** It carries a file (has:file), an image with a preview (has:image). */
  hasFile: boolean;
  hasImage: boolean;
  /** Messages with a smaller id only (the previous page's last). */
  beforeId?: number;
  limit: number;
}

/** Thrown by storage when a uniqueness rule is hit. The core turns it into a user-facing error. */
/** Thrown by addReaction when the message already has `max` different emoji and this one is new. */
export class ReactionLimit extends Error {
  constructor() {
    super('reaction limit');
    this.name = 'ReactionLimit';
  }
}

export class UniqueViolation extends Error {
  constructor(readonly constraint: 'username' | 'channel_name' | 'dm_key') {
    super(`unique violation: ${constraint}`);
    this.name = 'UniqueViolation';
  }
}

/** The whole store: one interface per concern, which each implementation builds from one file per concern. */
/** Drafts per user, conversation and thread (0 or the root's id); an empty body deletes. */
export interface DraftStore {
  saveDraft(draft: Draft & { userId: number }): Promise<void>;
  /** The user's drafts in conversations they are a member of, newest first. */
  listDrafts(userId: number, limit: number): Promise<Draft[]>;
}

export interface Storage
  extends UserStore,
    ConversationStore,
    MemberStore,
    MessageStore,
    DraftStore,
    FileRecords,
    WorkspaceStore,
    IntegrationStore,
    OutgoingStore,
    PushStore {
  /** Apply pending migrations. Safe to call on every start, from several nodes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Cheap round-trip for readiness probes. */
  ping(): Promise<void>;
  /** The database's size on disk in bytes (for the admin console). */
  sizeBytes(): Promise<number>;
}

export interface UserStore {
  /** A member, whatever the workspace's door says (fixtures, imports); sign-up goes through createAccount. */
  createUser(user: { username: string; passwordHash: string; createdAt: number }): Promise<UserRecord>;
  /** Case-insensitive. */
  findUserByName(username: string): Promise<UserRecord | null>;
  findUserById(id: number): Promise<UserRecord | null>;
  findUsersByIds(ids: number[]): Promise<User[]>;
  listUsers(): Promise<User[]>;
  /** Active accounts by username (the people directory). */
  searchUsers(page: PageQuery): Promise<PageOf<User>>;
  setPasswordHash(userId: number, passwordHash: string): Promise<void>;
  /**
   * Deleting an account, atomically: marks it deactivated, clears its password, ends every session, and leaves
   * every channel (not DMs) with `notice` posted in each. Returns what changed in each channel left, or
   * 'last_owner' (nothing written) when it is the workspace's only active owner.
   */
  deactivateUser(userId: number, at: number, notice: string): Promise<{ conversation: Conversation; changes: ChangeBatch }[] | 'last_owner'>;
  getLastConversation(userId: number): Promise<number | null>;
  /**
   * Blocks (or unblocks) `targetId` for `userId`, and marks the DM of the two (if any) blocked while either
   * blocks the other. Returns whom `userId` blocks now.
   */
  setBlocked(userId: number, targetId: number, blocked: boolean): Promise<number[]>;
  listBlocked(userId: number): Promise<number[]>;
  /** Every block (who → whom) among these people. */
  blocksAmong(userIds: number[]): Promise<{ userId: number; blockedId: number }[]>;
  setLastConversation(userId: number, conversationId: number | null): Promise<void>;
  /** The user's default notification levels; null fields: the built-in default. */
  getNotifyDefaults(userId: number): Promise<{ dm: NotifyLevel | null; channel: NotifyLevel | null }>;
  setNotifyDefaults(userId: number, defaults: { dm: NotifyLevel | null; channel: NotifyLevel | null }): Promise<void>;

  // sessions (tokens are stored hashed; callers pass the hash)
  /**
   * Stores the session only if, at that moment, the user is active and `passwordHash` (the hash the sign-in
   * verified) is still their password; returns whether it did. Checked in the same statement as the insert, so a
   * sign-in that races a password change or an account deletion gets no session, or one that the change revokes.
   */
  createSession(session: { tokenHash: string; userId: number; passwordHash: string; createdAt: number; userAgent?: string }): Promise<boolean>;
  findSessionUser(tokenHash: string): Promise<number | null>;
  /**
   * The session's user, as a request authenticates with it: null (and the session deleted) when it was last used
   * before `idleBefore`; its last use is moved to `at` when it was before `touchBefore` (so most requests only read).
   */
  useSession(tokenHash: string, at: number, touchBefore: number, idleBefore: number): Promise<number | null>;
  /** The user's sessions, most recently used first. */
  listSessions(userId: number): Promise<SessionRecord[]>;
  /** Deletes one of the user's own sessions; false if they have no such session. */
  deleteUserSession(userId: number, tokenHash: string): Promise<boolean>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteUserSessions(userId: number): Promise<void>;
}

export interface ConversationStore {
  /** Throws UniqueViolation('channel_name' | 'dm_key'). */
  createConversation(conversation: NewConversation): Promise<Conversation>;
  getConversation(id: number): Promise<Conversation | null>;
  findDm(dmKey: string): Promise<Conversation | null>;
  /**
   * Throws UniqueViolation('channel_name'). Posts `notices` (one clock tick for all of them) in the same
   * transaction. Returns the updated conversation, and the notices' change batch (null when there were none).
   */
  updateConversation(
    id: number,
    change: ConversationChange,
    notices: Notice[],
    at: number,
  ): Promise<{ conversation: Conversation; changes: ChangeBatch | null }>;
  /** The channels (public and private) and DMs the user belongs to: channels by name, then DMs. */
  listMemberConversations(userId: number): Promise<ConversationView[]>;
  /** Public channels by name, with the user's membership. */
  listPublicChannels(userId: number, page: PageQuery): Promise<PageOf<ConversationView>>;
  /** Ids of every conversation the user belongs to (for socket rooms). */
  listMemberConversationIds(userId: number): Promise<number[]>;
  /**
   * Whether a public channel other than `exceptId` has this name (or a look-alike of it). Only public channels
   * reserve names: a private channel's name must not be learnable by trying to create it, so private channels
   * may share names with each other, and a public channel may take a private one's.
   */
  publicNameTaken(name: string, exceptId?: number): Promise<boolean>;
  /** Deletes the conversation and everything in it (messages, reactions, threads, memberships). */
  deleteConversation(id: number): Promise<boolean>;
}

export interface MemberStore {
  getMembership(conversationId: number, userId: number): Promise<Membership | null>;
  /** What decides whether a member may post, in one lookup (the hot path of sending); null when not a member. */
  postingRights(conversationId: number, userId: number): Promise<{ archived: boolean; announcement: boolean; blocked: boolean } | null>;
  /**
   * Adds the member and posts `notice` (by the member) in one transaction; the newcomer's read position is their
   * own notice, so nothing from before counts as unread. Null (and nothing written) if already a member.
   */
  joinConversation(conversationId: number, userId: number, at: number, notice: string): Promise<MembershipChange | null>;
  /**
   * Removes the member and posts `notice` (by the member) in one transaction. Null if they were not a member.
   * A DM left is no longer the DM of its original people: its key is cleared, so they can start a new one.
   */
  leaveConversation(conversationId: number, userId: number, at: number, notice: string): Promise<MembershipChange | null>;
  /** Members by username. */
  listMembers(conversationId: number, page: PageQuery): Promise<PageOf<User>>;
  listMemberIds(conversationId: number): Promise<number[]>;
  /** Active (not deleted) members among these usernames (any case) or ids, for resolving mentions. */
  findMembers(conversationId: number, among: { usernames?: string[]; userIds?: number[] }): Promise<number[]>;
  /** ConversationView.mentionCount of a member now (0 for a non-member). */
  mentionCount(conversationId: number, userId: number): Promise<number>;
  /** Hides the conversation for the member up to its current lastSeq, or shows it again; null if not a member. */
  setHidden(conversationId: number, userId: number, hidden: boolean): Promise<Membership | null>;
  /** A member's notification level and mute for one conversation; null when not a member. */
  setNotifyPreferences(conversationId: number, userId: number, prefs: { notify: NotifyLevel | null; muted: boolean }): Promise<Membership | null>;
  /** Only moves forward (never past lastSeq); returns the resulting position, or null if not a member. */
  setReadPosition(conversationId: number, userId: number, seq: number): Promise<number | null>;
}

export interface MessageStore {
  /**
   * Assign the next seq of the conversation and the next tick of its change clock and store the message,
   * atomically, so that sequences and clocks stay contiguous under concurrent writers. Idempotent on
   * (authorId, clientId) when clientId is set. A user message also moves its author's read position to it.
   * A reply (threadId set) takes the next seq of its thread instead, ticks the clock once for itself and its
   * root's summary, and makes its author (and the root's author) follow the thread.
   */
  appendMessage(message: NewMessage): Promise<AppendResult>;
  /** Newest `limit` replies of a thread with seq < before (or the newest), oldest first. */
  threadHistory(rootId: number, options: { before?: number; limit: number }): Promise<Message[]>;
  /** The user's state of a thread they follow, or null. */
  threadState(userId: number, rootId: number): Promise<ThreadState | null>;
  /** Users with a mention row of their own (by name or `@here`, not `@channel`) for this message. */
  mentionedUserIds(messageId: number): Promise<number[]>;
  /** Only moves forward (never past the thread's last reply); null if the user does not follow the thread. */
  setThreadRead(userId: number, rootId: number, seq: number): Promise<ThreadState | null>;
  /**
   * Threads the user follows in conversations they are still a member of, most recently replied first, those
   * with lastReplyAt < before, at most `limit`.
   */
  listThreads(userId: number, options: { before?: number; limit: number }): Promise<ThreadState[]>;
  getMessage(messageId: number): Promise<Message | null>;
  /**
   * Every change below ticks the conversation's clock once and stamps the message with it, atomically.
   * Each returns null, writing nothing, when the message does not exist or the change is not allowed by the
   * condition named (the core then finds out why, to choose the error).
   */
  /**
   * Only `authorId`'s own, undeleted user message. The old body is kept as a version; its mentions are replaced
   * by `mentions` (absent: none) in the same transaction. A reply sent to the channel too and its copy change
   * together, whichever is named; the versions are the reply's.
   */
  editMessage(edit: { messageId: number; authorId: number; body: string; at: number; mentions?: MessageMentions }): Promise<MessageRewrite | null>;
  /**
   * Only `authorId`'s own, undeleted user message: body, versions, reactions, mentions and files (their rows) are
   * erased; a tombstone stays. A reply sent to the channel too and its copy go together, whichever is named.
   */
  deleteMessage(deletion: { messageId: number; authorId: number; at: number }): Promise<MessageRewrite | null>;
  /** Undeleted messages only. Throws ReactionLimit past `max` different emoji. */
  addReaction(reaction: ReactionChange, max: number): Promise<MessageChange | null>;
  removeReaction(reaction: ReactionChange): Promise<MessageChange | null>;
  /** Earlier bodies of an edited message, oldest first. */
  messageVersions(messageId: number): Promise<MessageVersion[]>;
  /**
   * The change clock of each of these conversations the user can see (public channels, and the ones they are a
   * member of), in one query: what `sync` needs to skip the conversations that did not change.
   */
  visibleClocks(userId: number, conversationIds: number[]): Promise<Map<number, number>>;
  /** The conversation's change clock (0 for a conversation that never changed, or does not exist). */
  getClock(conversationId: number): Promise<number>;
  /**
   * The current state of every message that changed after `since`, in clock order, at most `limit`, and the
   * conversation's clock read before them (so a reader that applies them is at least that far: never past what
   * it was given).
   */
  changesSince(conversationId: number, since: number, limit: number): Promise<{ clock: number; messages: Message[] }>;
  /** Newest `limit` top-level messages with seq < before (or the newest), returned oldest first. */
  history(conversationId: number, options: { before?: number; limit: number }): Promise<Message[]>;
  /** Messages (replies too) that match, newest (highest id) first, at most `limit`. */
  searchMessages(search: MessageSearch): Promise<Message[]>;
  /** Top-level messages with seq > after, oldest first, at most `limit`. */
  messagesAfter(conversationId: number, after: number, limit: number): Promise<Message[]>;
}
