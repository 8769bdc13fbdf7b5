// The one storage interface. SQLite (default) and PostgreSQL implement it; the domain core sees nothing else.
// Every method is async so that a networked database fits behind it unchanged.
import type { Conversation, ConversationKind, ConversationView, Message, MessageKind, User } from '../shared/protocol.js';

export interface UserRecord extends User {
  passwordHash: string;
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

export interface NewMessage {
  conversationId: number;
  authorId: number;
  kind: MessageKind;
  body: string;
  clientId: string | null;
  createdAt: number;
}

export interface AppendResult {
  message: Message;
  /** False when (authorId, clientId) already existed: `message` is the original. */
  created: boolean;
}

export interface Membership {
  conversationId: number;
  userId: number;
  lastReadSeq: number;
  joinedAt: number;
}

/** Thrown by storage when a uniqueness rule is hit. The core turns it into a user-facing error. */
export class UniqueViolation extends Error {
  constructor(readonly constraint: 'username' | 'channel_name' | 'dm_key') {
    super(`unique violation: ${constraint}`);
    this.name = 'UniqueViolation';
  }
}

/** The whole store: one interface per concern, which each implementation builds from one file per concern. */
export interface Storage extends UserStore, ConversationStore, MemberStore, MessageStore {
  /** Apply pending migrations. Safe to call on every start, from several nodes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Cheap round-trip for readiness probes. */
  ping(): Promise<void>;
}

export interface UserStore {
  createUser(user: { username: string; passwordHash: string; createdAt: number }): Promise<UserRecord>;
  /** Case-insensitive. */
  findUserByName(username: string): Promise<UserRecord | null>;
  findUserById(id: number): Promise<UserRecord | null>;
  findUsersByIds(ids: number[]): Promise<User[]>;
  listUsers(): Promise<User[]>;
  setPasswordHash(userId: number, passwordHash: string): Promise<void>;
  /** Deleting an account: marks it deactivated, clears its password and ends every session, atomically. */
  deactivateUser(userId: number, at: number): Promise<void>;
  getLastConversation(userId: number): Promise<number | null>;
  setLastConversation(userId: number, conversationId: number | null): Promise<void>;

  // sessions (tokens are stored hashed; callers pass the hash)
  /**
   * Stores the session only if, at that moment, the user is active and `passwordHash` (the hash the sign-in
   * verified) is still their password; returns whether it did. Checked in the same statement as the insert, so a
   * sign-in that races a password change or an account deletion gets no session, or one that the change revokes.
   */
  createSession(session: { tokenHash: string; userId: number; passwordHash: string; createdAt: number }): Promise<boolean>;
  findSessionUser(tokenHash: string): Promise<number | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteUserSessions(userId: number): Promise<void>;
}

export interface ConversationStore {
  /** Throws UniqueViolation('channel_name' | 'dm_key'). */
  createConversation(conversation: NewConversation): Promise<Conversation>;
  getConversation(id: number): Promise<Conversation | null>;
  findDm(dmKey: string): Promise<Conversation | null>;
  /** Throws UniqueViolation('channel_name'). Returns the updated conversation. */
  updateConversation(id: number, change: { name?: string; topic?: string }): Promise<Conversation>;
  /** Every public channel, plus private channels and DMs the user belongs to. */
  listVisibleConversations(userId: number): Promise<ConversationView[]>;
  /** Public channels, with the user's membership. */
  listPublicChannels(userId: number): Promise<ConversationView[]>;
  /** Ids of every conversation the user belongs to (for socket rooms). */
  listMemberConversationIds(userId: number): Promise<number[]>;
}

export interface MemberStore {
  getMembership(conversationId: number, userId: number): Promise<Membership | null>;
  /** No-op if already a member. lastReadSeq starts at the conversation's current lastSeq. Returns true if added. */
  addMember(conversationId: number, userId: number, joinedAt: number): Promise<boolean>;
  /** Returns true if the user was a member. */
  removeMember(conversationId: number, userId: number): Promise<boolean>;
  listMembers(conversationId: number): Promise<User[]>;
  listMemberIds(conversationId: number): Promise<number[]>;
  /** Only moves forward (never past lastSeq); returns the resulting position, or null if not a member. */
  setReadPosition(conversationId: number, userId: number, seq: number): Promise<number | null>;
}

export interface MessageStore {
  /**
   * Assign the next seq of the conversation and store the message, atomically, so that sequences stay
   * contiguous under concurrent writers. Idempotent on (authorId, clientId) when clientId is set.
   * A user message also moves its author's read position to it.
   */
  appendMessage(message: NewMessage): Promise<AppendResult>;
  /** Newest `limit` messages with seq < before (or the newest), returned oldest first. */
  history(conversationId: number, options: { before?: number; limit: number }): Promise<Message[]>;
  /** Messages with seq > after, oldest first, at most `limit`. */
  messagesAfter(conversationId: number, after: number, limit: number): Promise<Message[]>;
}
