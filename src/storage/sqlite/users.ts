// Users, their sessions and where they were last.
import type { Conversation, NotifyLevel } from '../../shared/protocol.js';
import type { UserStore } from '../storage.js';
import { postNotices } from './change-log.js';
import { keyRange, toPage } from '../page.js';
import { unique, type SqliteDb } from './db.js';
import { toUser, toUserRecord, USER_COLUMNS, type UserRow } from './rows.js';

export function userStore(s: SqliteDb, getConversation: (id: number) => Conversation | null): UserStore {
  const deactivate = s.db.transaction((userId: number, at: number, notice: string) => {
    const owners = s.sql(`SELECT count(*) AS n, max(id = ?) AS me FROM users WHERE role = 'owner' AND deactivated_at IS NULL`).get(userId) as {
      n: number;
      me: number | null;
    };
    if (owners.me === 1 && owners.n === 1) return 'last_owner' as const;
    s.sql(`UPDATE users SET deactivated_at = ?, password_hash = '' WHERE id = ?`).run(at, userId);
    s.sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
    // Channels are left; DMs stay, since their history is the other people's too.
    const channels = s
      .sql(
        `DELETE FROM members WHERE user_id = ? AND conversation_id IN (SELECT id FROM conversations WHERE kind <> 'dm')
         RETURNING conversation_id`,
      )
      .all(userId) as { conversation_id: number }[];
    return channels
      .map(({ conversation_id: id }) => id)
      .sort((a, b) => a - b)
      .map((id) => {
        const changes = postNotices(s, id, [{ authorId: userId, body: notice }], at)!;
        return { conversation: getConversation(id)!, changes };
      });
  });

  const block = s.db.transaction((userId: number, targetId: number, blocked: boolean) => {
    if (blocked) {
      s.sql('INSERT INTO blocks (user_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(userId, targetId, Date.now());
    } else {
      s.sql('DELETE FROM blocks WHERE user_id = ? AND blocked_id = ?').run(userId, targetId);
    }
    // The DM of the two, if any, is blocked while either blocks the other.
    const dmKey = [userId, targetId].sort((a, b) => a - b).join(',');
    s.sql(
      `UPDATE members SET blocked = EXISTS (SELECT 1 FROM blocks WHERE (user_id = ? AND blocked_id = ?) OR (user_id = ? AND blocked_id = ?))
       WHERE conversation_id = (SELECT id FROM conversations WHERE dm_key = ?)`,
    ).run(userId, targetId, targetId, userId, dmKey);
    return listBlocked(userId);
  });
  const listBlocked = (userId: number) =>
    (s.sql('SELECT blocked_id FROM blocks WHERE user_id = ? ORDER BY blocked_id').all(userId) as { blocked_id: number }[]).map(
      (row) => row.blocked_id,
    );

  return {
    setBlocked: async (userId, targetId, blocked) => block.immediate(userId, targetId, blocked),
    listBlocked: async (userId) => listBlocked(userId),
    async blocksAmong(userIds) {
      const ids = JSON.stringify(userIds);
      const rows = s
        .sql(
          `SELECT user_id, blocked_id FROM blocks
           WHERE user_id IN (SELECT value FROM json_each(?)) AND blocked_id IN (SELECT value FROM json_each(?))`,
        )
        .all(ids, ids) as { user_id: number; blocked_id: number }[];
      return rows.map((row) => ({ userId: row.user_id, blockedId: row.blocked_id }));
    },
    async createUser(user) {
      const row = unique(() =>
        s
          .sql(
            `INSERT INTO users (username, username_key, password_hash, created_at) VALUES (?, ?, ?, ?)
             RETURNING id, username, password_hash, created_at, deactivated_at, role`,
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
    async searchUsers(page) {
      const rows = s
        .sql(
          `SELECT ${USER_COLUMNS}, u.username_key FROM users u
           WHERE u.deactivated_at IS NULL AND u.username_key >= ? AND u.username_key < ? AND u.username_key > ?
           ORDER BY u.username_key LIMIT ?`,
        )
        .all(...keyRange(page), page.limit + 1) as (UserRow & { username_key: string })[];
      return toPage(rows, page.limit, (row) => row.username_key, toUser);
    },
    async setPasswordHash(userId, passwordHash) {
      s.sql('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
    },
    deactivateUser: async (userId, at, notice) => deactivate.immediate(userId, at, notice),
    async getLastConversation(userId) {
      const row = s.sql('SELECT last_conversation_id AS id FROM users WHERE id = ?').get(userId) as
        | { id: number | null }
        | undefined;
      return row?.id ?? null;
    },
    async setLastConversation(userId, conversationId) {
      s.sql('UPDATE users SET last_conversation_id = ? WHERE id = ?').run(conversationId, userId);
    },
    async getNotifyDefaults(userId) {
      const row = s.sql('SELECT notify_dm, notify_channel FROM users WHERE id = ?').get(userId) as
        | { notify_dm: NotifyLevel | null; notify_channel: NotifyLevel | null }
        | undefined;
      return { dm: row?.notify_dm ?? null, channel: row?.notify_channel ?? null };
    },
    async setNotifyDefaults(userId, { dm, channel }) {
      s.sql('UPDATE users SET notify_dm = ?, notify_channel = ? WHERE id = ?').run(dm, channel, userId);
    },
    async createSession({ tokenHash, userId, passwordHash, createdAt, userAgent = '' }) {
      const { changes } = s
        .sql(
          `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent)
           SELECT ?, id, ?, ?, ? FROM users WHERE id = ? AND password_hash = ? AND deactivated_at IS NULL`,
        )
        .run(tokenHash, createdAt, createdAt, userAgent, userId, passwordHash);
      return changes === 1;
    },
    async findSessionUser(tokenHash) {
      const row = s.sql('SELECT user_id FROM sessions WHERE token_hash = ?').get(tokenHash) as { user_id: number } | undefined;
      return row?.user_id ?? null;
    },
    async useSession(tokenHash, at, touchBefore, idleBefore) {
      const row = s.sql('SELECT user_id, last_seen_at FROM sessions WHERE token_hash = ?').get(tokenHash) as
        | { user_id: number; last_seen_at: number }
        | undefined;
      if (!row) return null;
      if (row.last_seen_at < idleBefore) {
        s.sql('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
        return null;
      }
      if (row.last_seen_at < touchBefore) s.sql('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(at, tokenHash);
      return row.user_id;
    },
    async listSessions(userId) {
      const rows = s
        .sql('SELECT token_hash, created_at, last_seen_at, user_agent FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC, created_at DESC')
        .all(userId) as { token_hash: string; created_at: number; last_seen_at: number; user_agent: string }[];
      return rows.map((r) => ({ tokenHash: r.token_hash, createdAt: r.created_at, lastSeenAt: r.last_seen_at, userAgent: r.user_agent }));
    },
    async deleteUserSession(userId, tokenHash) {
      return s.sql('DELETE FROM sessions WHERE user_id = ? AND token_hash = ?').run(userId, tokenHash).changes === 1;
    },
    async deleteSession(tokenHash) {
      s.sql('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    },
    async deleteUserSessions(userId) {
      s.sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
    },
  };
}
