// The embedded default store: one SQLite file in WAL mode, prepared statements, one transaction per write.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Conversation, ConversationView, Message, User } from '../../shared/protocol.js';
import {
  UniqueViolation,
  type AppendResult,
  type Membership,
  type NewConversation,
  type NewMessage,
  type Storage,
  type UserRecord,
} from '../storage.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import {
  toConversation,
  toMessage,
  toUser,
  toUserRecord,
  type ConversationRow,
  type MessageRow,
  type UserRow,
} from './rows.js';

const CONVERSATION_COLUMNS = `c.id, c.kind, c.name, c.topic, c.created_by, c.created_at, c.last_seq,
  (SELECT count(*) FROM members m WHERE m.conversation_id = c.id) AS member_count`;
const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.seq, m.kind, m.author_id, u.username AS author_name,
  m.body, m.client_id, m.created_at`;

type ViewRow = ConversationRow & { is_member: 0 | 1; last_read_seq: number | null };

function uniqueViolation(error: unknown): UniqueViolation | null {
  if (!(error instanceof Error) || (error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') return null;
  if (error.message.includes('users.username_key')) return new UniqueViolation('username');
  if (error.message.includes('conversations.name_key')) return new UniqueViolation('channel_name');
  if (error.message.includes('conversations.dm_key')) return new UniqueViolation('dm_key');
  return null;
}

function rethrowUnique(error: unknown): never {
  throw uniqueViolation(error) ?? error;
}

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (kill -9); only an OS crash may lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
  }

  private readonly statements = new Map<string, Database.Statement>();
  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }

  async migrate(): Promise<void> {
    // Read the version inside the write transaction: several processes may start on a new file at once.
    const apply = this.db.transaction(() => {
      const version = this.db.pragma('user_version', { simple: true }) as number;
      for (let step = version; step < SQLITE_MIGRATIONS.length; step++) this.db.exec(SQLITE_MIGRATIONS[step]!);
      this.db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
    });
    apply.immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  // ---------- users ----------

  async createUser(user: { username: string; passwordHash: string; createdAt: number }): Promise<UserRecord> {
    try {
      const row = this.sql(
        `INSERT INTO users (username, username_key, password_hash, created_at) VALUES (?, ?, ?, ?)
         RETURNING id, username, password_hash, created_at`,
      ).get(user.username, user.username.toLowerCase(), user.passwordHash, user.createdAt) as UserRow;
      return toUserRecord(row);
    } catch (error) {
      rethrowUnique(error);
    }
  }

  async findUserByName(username: string): Promise<UserRecord | null> {
    const row = this.sql('SELECT * FROM users WHERE username_key = ?').get(username.toLowerCase()) as UserRow | undefined;
    return row ? toUserRecord(row) : null;
  }

  async findUserById(id: number): Promise<UserRecord | null> {
    const row = this.sql('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUserRecord(row) : null;
  }

  async findUsersByIds(ids: number[]): Promise<User[]> {
    const rows = this.sql('SELECT id, username, created_at FROM users WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').all(
      JSON.stringify(ids),
    ) as UserRow[];
    return rows.map(toUser);
  }

  async listUsers(): Promise<User[]> {
    return (this.sql('SELECT id, username, created_at FROM users ORDER BY username_key').all() as UserRow[]).map(toUser);
  }

  async setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    this.sql('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
  }

  async getLastConversation(userId: number): Promise<number | null> {
    const row = this.sql('SELECT last_conversation_id AS id FROM users WHERE id = ?').get(userId) as
      | { id: number | null }
      | undefined;
    return row?.id ?? null;
  }

  async setLastConversation(userId: number, conversationId: number | null): Promise<void> {
    this.sql('UPDATE users SET last_conversation_id = ? WHERE id = ?').run(conversationId, userId);
  }

  // ---------- sessions ----------

  async createSession(session: { tokenHash: string; userId: number; createdAt: number }): Promise<void> {
    this.sql('INSERT INTO sessions (token_hash, user_id, created_at) VALUES (?, ?, ?)').run(
      session.tokenHash,
      session.userId,
      session.createdAt,
    );
  }

  async findSessionUser(tokenHash: string): Promise<number | null> {
    const row = this.sql('SELECT user_id FROM sessions WHERE token_hash = ?').get(tokenHash) as
      | { user_id: number }
      | undefined;
    return row?.user_id ?? null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async deleteUserSessions(userId: number): Promise<void> {
    this.sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  // ---------- conversations ----------

  private conversationById(id: number): Conversation | null {
    const row = this.sql(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?`).get(id) as
      | ConversationRow
      | undefined;
    return row ? this.withMembers(row) : null;
  }

  private withMembers(row: ConversationRow): Conversation {
    if (row.kind !== 'dm') return toConversation(row);
    const members = this.sql(
      `SELECT u.id, u.username, u.created_at FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.conversation_id = ? ORDER BY u.id`,
    ).all(row.id) as UserRow[];
    return toConversation(row, members.map(toUser));
  }

  async createConversation(input: NewConversation): Promise<Conversation> {
    const create = this.db.transaction(() => {
      const { id } = this.sql(
        `INSERT INTO conversations (kind, name, name_key, topic, created_by, created_at, dm_key)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      ).get(
        input.kind,
        input.name,
        input.kind === 'dm' ? null : input.name.toLowerCase(),
        input.topic,
        input.createdBy,
        input.createdAt,
        input.dmKey,
      ) as { id: number };
      const addMember = this.sql('INSERT INTO members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
      for (const userId of input.memberIds) addMember.run(id, userId, input.createdAt);
      return id;
    });
    try {
      return this.conversationById(create.immediate()) as Conversation;
    } catch (error) {
      rethrowUnique(error);
    }
  }

  async getConversation(id: number): Promise<Conversation | null> {
    return this.conversationById(id);
  }

  async findDm(dmKey: string): Promise<Conversation | null> {
    const row = this.sql(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.dm_key = ?`).get(dmKey) as
      | ConversationRow
      | undefined;
    return row ? this.withMembers(row) : null;
  }

  async updateConversation(id: number, change: { name?: string; topic?: string }): Promise<Conversation> {
    try {
      if (change.name !== undefined) {
        this.sql('UPDATE conversations SET name = ?, name_key = ? WHERE id = ?').run(
          change.name,
          change.name.toLowerCase(),
          id,
        );
      }
      if (change.topic !== undefined) this.sql('UPDATE conversations SET topic = ? WHERE id = ?').run(change.topic, id);
    } catch (error) {
      rethrowUnique(error);
    }
    const updated = this.conversationById(id);
    if (!updated) throw new Error(`conversation ${id} does not exist`);
    return updated;
  }

  private views(rows: ViewRow[]): ConversationView[] {
    return rows.map((row) => ({
      ...this.withMembers(row),
      isMember: row.is_member === 1,
      lastReadSeq: row.last_read_seq ?? 0,
    }));
  }

  async listVisibleConversations(userId: number): Promise<ConversationView[]> {
    const rows = this.sql(
      `SELECT ${CONVERSATION_COLUMNS}, me.user_id IS NOT NULL AS is_member, me.last_read_seq
       FROM conversations c LEFT JOIN members me ON me.conversation_id = c.id AND me.user_id = ?
       WHERE c.kind = 'public' OR me.user_id IS NOT NULL
       ORDER BY c.kind = 'dm', c.name_key, c.id`,
    ).all(userId) as ViewRow[];
    return this.views(rows);
  }

  async listPublicChannels(userId: number): Promise<ConversationView[]> {
    const rows = this.sql(
      `SELECT ${CONVERSATION_COLUMNS}, me.user_id IS NOT NULL AS is_member, me.last_read_seq
       FROM conversations c LEFT JOIN members me ON me.conversation_id = c.id AND me.user_id = ?
       WHERE c.kind = 'public' ORDER BY c.name_key`,
    ).all(userId) as ViewRow[];
    return this.views(rows);
  }

  async listMemberConversationIds(userId: number): Promise<number[]> {
    return (this.sql('SELECT conversation_id FROM members WHERE user_id = ?').all(userId) as { conversation_id: number }[]).map(
      (row) => row.conversation_id,
    );
  }

  // ---------- membership ----------

  async getMembership(conversationId: number, userId: number): Promise<Membership | null> {
    const row = this.sql(
      'SELECT last_read_seq, joined_at FROM members WHERE conversation_id = ? AND user_id = ?',
    ).get(conversationId, userId) as { last_read_seq: number; joined_at: number } | undefined;
    return row ? { conversationId, userId, lastReadSeq: row.last_read_seq, joinedAt: row.joined_at } : null;
  }

  async addMember(conversationId: number, userId: number, joinedAt: number): Promise<boolean> {
    const result = this.sql(
      `INSERT INTO members (conversation_id, user_id, last_read_seq, joined_at)
       SELECT id, ?, last_seq, ? FROM conversations WHERE id = ?
       ON CONFLICT DO NOTHING`,
    ).run(userId, joinedAt, conversationId);
    return result.changes > 0;
  }

  async removeMember(conversationId: number, userId: number): Promise<boolean> {
    return this.sql('DELETE FROM members WHERE conversation_id = ? AND user_id = ?').run(conversationId, userId).changes > 0;
  }

  async listMembers(conversationId: number): Promise<User[]> {
    const rows = this.sql(
      `SELECT u.id, u.username, u.created_at FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.conversation_id = ? ORDER BY u.username_key`,
    ).all(conversationId) as UserRow[];
    return rows.map(toUser);
  }

  async listMemberIds(conversationId: number): Promise<number[]> {
    return (this.sql('SELECT user_id FROM members WHERE conversation_id = ?').all(conversationId) as { user_id: number }[]).map(
      (row) => row.user_id,
    );
  }

  async setReadPosition(conversationId: number, userId: number, seq: number): Promise<number | null> {
    const row = this.sql(
      `UPDATE members SET last_read_seq = max(last_read_seq,
         min(?, (SELECT last_seq FROM conversations WHERE id = ?)))
       WHERE conversation_id = ? AND user_id = ? RETURNING last_read_seq`,
    ).get(seq, conversationId, conversationId, userId) as { last_read_seq: number } | undefined;
    return row?.last_read_seq ?? null;
  }

  // ---------- messages ----------

  private messageById(id: number): Message {
    return toMessage(
      this.sql(`SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?`).get(
        id,
      ) as MessageRow,
    );
  }

  private readonly appendTransaction = (input: NewMessage): AppendResult => {
    if (input.clientId !== null) {
      const existing = this.sql('SELECT id FROM messages WHERE author_id = ? AND client_id = ?').get(
        input.authorId,
        input.clientId,
      ) as { id: number } | undefined;
      if (existing) return { message: this.messageById(existing.id), created: false };
    }
    const bumped = this.sql('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq').get(
      input.conversationId,
    ) as { last_seq: number } | undefined;
    if (!bumped) throw new Error(`conversation ${input.conversationId} does not exist`);
    const { id } = this.sql(
      `INSERT INTO messages (conversation_id, seq, kind, author_id, body, client_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ).get(
      input.conversationId,
      bumped.last_seq,
      input.kind,
      input.authorId,
      input.body,
      input.clientId,
      input.createdAt,
    ) as { id: number };
    if (input.kind === 'user') {
      this.sql('UPDATE members SET last_read_seq = ? WHERE conversation_id = ? AND user_id = ?').run(
        bumped.last_seq,
        input.conversationId,
        input.authorId,
      );
    }
    return { message: this.messageById(id), created: true };
  };
  private appendInTransaction?: Database.Transaction<(input: NewMessage) => AppendResult>;

  async appendMessage(input: NewMessage): Promise<AppendResult> {
    this.appendInTransaction ??= this.db.transaction(this.appendTransaction);
    return this.appendInTransaction.immediate(input);
  }

  async history(conversationId: number, options: { before?: number; limit: number }): Promise<Message[]> {
    const rows = this.sql(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
       WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
    ).all(conversationId, options.before ?? Number.MAX_SAFE_INTEGER, options.limit) as MessageRow[];
    return rows.reverse().map(toMessage);
  }

  async messagesAfter(conversationId: number, after: number, limit: number): Promise<Message[]> {
    const rows = this.sql(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
       WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`,
    ).all(conversationId, after, limit) as MessageRow[];
    return rows.map(toMessage);
  }
}

export async function openSqliteStorage(file: string): Promise<Storage> {
  const storage = new SqliteStorage(file);
  await storage.migrate();
  return storage;
}
