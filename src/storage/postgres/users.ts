// Users, their sessions and where they were last.
import type pg from 'pg';
import type { Conversation, NotifyLevel } from '../../shared/protocol.js';
import type { UserStore } from '../storage.js';
import { postNotices } from './change-log.js';
import { keyRange, toPage } from '../page.js';
import { transaction, unique, type Queryable } from './db.js';
import { USER_COLUMNS, USER_RECORD_COLUMNS, toUser, toUserRecord, type UserRow } from './rows.js';
import { lockOwners } from './workspace.js';

export function userStore(
  pool: pg.Pool,
  findConversation: (db: Queryable, id: number) => Promise<Conversation | null>,
): UserStore {
  async function findOne(where: string, value: unknown) {
    const { rows } = await pool.query<UserRow>(`SELECT ${USER_RECORD_COLUMNS} FROM users u WHERE ${where}`, [value]);
    return rows[0] ? toUserRecord(rows[0]) : null;
  }

  async function listBlocked(db: Queryable, userId: number) {
    const { rows } = await db.query<{ blocked_id: string }>('SELECT blocked_id FROM blocks WHERE user_id = $1 ORDER BY blocked_id', [
      userId,
    ]);
    return rows.map((row) => Number(row.blocked_id));
  }

  return {
    setBlocked: (userId, targetId, blocked) =>
      transaction(pool, async (db) => {
        if (blocked) {
          await db.query('INSERT INTO blocks (user_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
            userId,
            targetId,
            Date.now(),
          ]);
        } else {
          await db.query('DELETE FROM blocks WHERE user_id = $1 AND blocked_id = $2', [userId, targetId]);
        }
        // The DM of the two, if any, is blocked while either blocks the other.
        await db.query(
          `UPDATE members SET blocked = EXISTS (
             SELECT 1 FROM blocks WHERE (user_id = $1 AND blocked_id = $2) OR (user_id = $2 AND blocked_id = $1))
           WHERE conversation_id = (SELECT id FROM conversations WHERE dm_key = $3)`,
          [userId, targetId, [userId, targetId].sort((a, b) => a - b).join(',')],
        );
        return listBlocked(db, userId);
      }),
    listBlocked: (userId) => listBlocked(pool, userId),
    async blocksAmong(userIds) {
      const { rows } = await pool.query<{ user_id: string; blocked_id: string }>(
        'SELECT user_id, blocked_id FROM blocks WHERE user_id = ANY($1::bigint[]) AND blocked_id = ANY($1::bigint[])',
        [userIds],
      );
      return rows.map((row) => ({ userId: Number(row.user_id), blockedId: Number(row.blocked_id) }));
    },
    async createUser({ username, passwordHash, createdAt }) {
      const { rows } = await unique(
        pool.query<UserRow>(
          'INSERT INTO users AS u (username, password_hash, created_at) VALUES ($1, $2, $3) RETURNING ' +
            USER_RECORD_COLUMNS,
          [username, passwordHash, createdAt],
        ),
      );
      return toUserRecord(rows[0]!);
    },
    findUserByName: (username) => findOne('lower(u.username) = lower($1)', username),
    findUserById: (id) => findOne('u.id = $1', id),
    async findUsersByIds(ids) {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<UserRow>(
        `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ANY($1::bigint[]) ORDER BY u.id`,
        [ids],
      );
      return rows.map(toUser);
    },
    async listUsers() {
      const { rows } = await pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u ORDER BY lower(u.username) COLLATE "C"`);
      return rows.map(toUser);
    },
    async searchUsers(page) {
      const { rows } = await pool.query<UserRow & { sort_key: string }>(
        `SELECT ${USER_COLUMNS}, lower(u.username) COLLATE "C" AS sort_key FROM users u
         WHERE u.deactivated_at IS NULL AND lower(u.username) COLLATE "C" >= $1 AND lower(u.username) COLLATE "C" < $2
           AND lower(u.username) COLLATE "C" > $3
         ORDER BY sort_key LIMIT $4`,
        [...keyRange(page), page.limit + 1],
      );
      return toPage(rows, page.limit, (row) => row.sort_key, toUser);
    },
    async setPasswordHash(userId, passwordHash) {
      await pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
    },
    deactivateUser: (userId, at, notice) =>
      transaction(pool, async (db) => {
        const owners = await lockOwners(db);
        const { rows: me } = await db.query<{ role: string }>('SELECT role FROM users WHERE id = $1 AND deactivated_at IS NULL', [userId]);
        if (me[0]?.role === 'owner' && owners === 1) return 'last_owner' as const;
        await db.query(`UPDATE users SET deactivated_at = $2, password_hash = '' WHERE id = $1`, [userId, at]);
        await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
        // Channels are left; DMs stay, since their history is the other people's too. In id order, like every
        // multi-conversation write, so two of them cannot deadlock on the conversations' rows.
        const { rows } = await db.query<{ conversation_id: string }>(
          `DELETE FROM members WHERE user_id = $1 AND conversation_id IN (SELECT id FROM conversations WHERE kind <> 'dm')
           RETURNING conversation_id`,
          [userId],
        );
        const left = [];
        for (const id of rows.map((row) => Number(row.conversation_id)).sort((a, b) => a - b)) {
          const changes = (await postNotices(db, id, [{ authorId: userId, body: notice }], at))!;
          left.push({ conversation: (await findConversation(db, id))!, changes });
        }
        return left;
      }),
    async getLastConversation(userId) {
      const { rows } = await pool.query<{ id: string | null }>(
        'SELECT last_conversation_id AS id FROM users WHERE id = $1',
        [userId],
      );
      return rows[0]?.id == null ? null : Number(rows[0].id);
    },
    async setLastConversation(userId, conversationId) {
      await pool.query('UPDATE users SET last_conversation_id = $2 WHERE id = $1', [userId, conversationId]);
    },
    async getNotifyDefaults(userId) {
      const { rows } = await pool.query<{ notify_dm: NotifyLevel | null; notify_channel: NotifyLevel | null }>(
        'SELECT notify_dm, notify_channel FROM users WHERE id = $1',
        [userId],
      );
      return { dm: rows[0]?.notify_dm ?? null, channel: rows[0]?.notify_channel ?? null };
    },
    async setNotifyDefaults(userId, { dm, channel }) {
      await pool.query('UPDATE users SET notify_dm = $2, notify_channel = $3 WHERE id = $1', [userId, dm, channel]);
    },

    async createSession({ tokenHash, userId, passwordHash, createdAt, userAgent = '' }) {
      // FOR SHARE: a password change or deactivation in flight either waits for this insert to commit (and then
      // deletes the session with the others) or commits first, and the re-checked row no longer matches.
      const { rowCount } = await pool.query(
        `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent)
         SELECT $1, id, $2, $2, $5 FROM users WHERE id = $3 AND password_hash = $4 AND deactivated_at IS NULL FOR SHARE`,
        [tokenHash, createdAt, userId, passwordHash, userAgent],
      );
      return rowCount === 1;
    },
    async useSession(tokenHash, at, touchBefore, idleBefore) {
      const { rows } = await pool.query<{ user_id: string; last_seen_at: string }>(
        'SELECT user_id, last_seen_at FROM sessions WHERE token_hash = $1',
        [tokenHash],
      );
      const row = rows[0];
      if (!row) return null;
      if (Number(row.last_seen_at) < idleBefore) {
        await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
        return null;
      }
      if (Number(row.last_seen_at) < touchBefore) {
        await pool.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, at]);
      }
      return Number(row.user_id);
    },
    async listSessions(userId) {
      const { rows } = await pool.query<{ token_hash: string; created_at: string; last_seen_at: string; user_agent: string }>(
        'SELECT token_hash, created_at, last_seen_at, user_agent FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC, created_at DESC',
        [userId],
      );
      return rows.map((r) => ({ tokenHash: r.token_hash, createdAt: Number(r.created_at), lastSeenAt: Number(r.last_seen_at), userAgent: r.user_agent }));
    },
    async deleteUserSession(userId, tokenHash) {
      const { rowCount } = await pool.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash = $2', [userId, tokenHash]);
      return rowCount === 1;
    },
    async findSessionUser(tokenHash) {
      const { rows } = await pool.query<{ user_id: string }>('SELECT user_id FROM sessions WHERE token_hash = $1', [
        tokenHash,
      ]);
      return rows[0] ? Number(rows[0].user_id) : null;
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async deleteUserSessions(userId) {
      await pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    },
  };
}
