// Users, their sessions and where they were last.
import type { UserStore } from '../storage.js';
import { unique, type SqliteDb } from './db.js';
import { toUser, toUserRecord, USER_COLUMNS, type UserRow } from './rows.js';

export function userStore(s: SqliteDb): UserStore {
  const deactivate = s.db.transaction((userId: number, at: number) => {
    s.sql(`UPDATE users SET deactivated_at = ?, password_hash = '' WHERE id = ?`).run(at, userId);
    s.sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
  });

  return {
    async createUser(user) {
      const row = unique(() =>
        s
          .sql(
            `INSERT INTO users (username, username_key, password_hash, created_at) VALUES (?, ?, ?, ?)
             RETURNING id, username, password_hash, created_at, deactivated_at`,
          )
          .get(user.username, user.username.toLowerCase(), user.passwordHash, user.createdAt),
      ) as UserRow;
      return toUserRecord(row);
    },
    async findUserByName(username) {
      const row = s.sql('SELECT * FROM users WHERE username_key = ?').get(username.toLowerCase()) as UserRow | undefined;
      return row ? toUserRecord(row) : null;
    },
    async findUserById(id) {
      const row = s.sql('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
      return row ? toUserRecord(row) : null;
    },
    async findUsersByIds(ids) {
      const rows = s
        .sql(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id IN (SELECT value FROM json_each(?)) ORDER BY u.id`)
        .all(JSON.stringify(ids)) as UserRow[];
      return rows.map(toUser);
    },
    async listUsers() {
      return (s.sql(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username_key`).all() as UserRow[]).map(toUser);
    },
    async setPasswordHash(userId, passwordHash) {
      s.sql('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
    },
    async deactivateUser(userId, at) {
      deactivate.immediate(userId, at);
    },
    async getLastConversation(userId) {
      const row = s.sql('SELECT last_conversation_id AS id FROM users WHERE id = ?').get(userId) as
        | { id: number | null }
        | undefined;
      return row?.id ?? null;
    },
    async setLastConversation(userId, conversationId) {
      s.sql('UPDATE users SET last_conversation_id = ? WHERE id = ?').run(conversationId, userId);
    },
    async createSession({ tokenHash, userId, passwordHash, createdAt }) {
      const { changes } = s
        .sql(
          `INSERT INTO sessions (token_hash, user_id, created_at)
           SELECT ?, id, ? FROM users WHERE id = ? AND password_hash = ? AND deactivated_at IS NULL`,
        )
        .run(tokenHash, createdAt, userId, passwordHash);
      return changes === 1;
    },
    async findSessionUser(tokenHash) {
      const row = s.sql('SELECT user_id FROM sessions WHERE token_hash = ?').get(tokenHash) as { user_id: number } | undefined;
      return row?.user_id ?? null;
    },
    async deleteSession(tokenHash) {
      s.sql('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    },
    async deleteUserSessions(userId) {
      s.sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
    },
  };
}
