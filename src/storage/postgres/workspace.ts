// The workspace's door and its running on PostgreSQL (src/storage/workspace-store.ts).
import type pg from 'pg';
import type { AuditEntry, Invite } from '../../shared/admin.js';
import type { Role } from '../../shared/roles.js';
import { keyRange, toPage } from '../page.js';
import { SignUpRefused, type NewAuditEntry, type WorkspaceRecord, type WorkspaceStore } from '../workspace-store.js';
import { transaction, unique, type Queryable } from './db.js';
import { toUser, toUserRecord, USER_COLUMNS, USER_RECORD_COLUMNS, type UserRow } from './rows.js';

type Int8 = string | number;

interface InviteRow {
  id: Int8;
  token: string;
  role: Invite['role'];
  channel_ids: string;
  created_by: Int8;
  created_at: Int8;
  expires_at: Int8;
  max_uses: number;
  uses: number;
  revoked_at: Int8 | null;
}

const toInvite = (row: InviteRow): Invite => ({
  id: Number(row.id),
  token: row.token,
  role: row.role,
  channelIds: JSON.parse(row.channel_ids) as number[],
  createdBy: Number(row.created_by),
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  maxUses: row.max_uses,
  uses: row.uses,
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

interface AuditRow {
  id: Int8;
  at: Int8;
  actor_id: Int8 | null;
  action: AuditEntry['action'];
  target_user_id: Int8 | null;
  detail: string;
}

const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: Number(row.id),
  at: Number(row.at),
  actorId: row.actor_id === null ? null : Number(row.actor_id),
  action: row.action,
  targetUserId: row.target_user_id === null ? null : Number(row.target_user_id),
  detail: JSON.parse(row.detail) as AuditEntry['detail'],
});

export async function audit(db: Queryable, entry: NewAuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor_id, action, target_user_id, detail) VALUES ($1, $2, $3, $4, $5)', [
    entry.at,
    entry.actorId,
    entry.action,
    entry.targetUserId ?? null,
    JSON.stringify(entry.detail ?? {}),
  ]);
}

async function readWorkspace(db: Queryable): Promise<WorkspaceRecord> {
  const { rows } = await db.query<{
    name: string;
    icon: string;
    signup_mode: WorkspaceRecord['signUpMode'];
    retention_days: number | null;
    max_upload_mb: number | null;
    version: Int8;
  }>('SELECT name, icon, signup_mode, retention_days, max_upload_mb, version FROM workspace WHERE id = 1');
  const row = rows[0]!;
  return {
    name: row.name,
    icon: row.icon,
    signUpMode: row.signup_mode,
    retentionDays: row.retention_days,
    uploadLimitMb: row.max_upload_mb,
    version: Number(row.version),
  };
}

async function userRecord(db: Queryable, id: number) {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_RECORD_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return rows[0] ? toUserRecord(rows[0]) : null;
}

/**
 * Changes that count owners (sign-up's first owner, a role change, a deactivation) queue on one lock, so two at once
 * cannot both see "another owner remains" and leave none.
 */
/** Takes the lock every change that counts owners holds (so two owners leaving at once keep one); the active owners. */
export async function lockOwners(db: Queryable): Promise<number> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('flack.owners', 0))`);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'owner' AND deactivated_at IS NULL`);
  return rows[0]!.n;
}

async function findReset(db: Queryable, tokenHash: string, at: number, lock = false) {
  const { rows } = await db.query<UserRow>(
    `SELECT ${USER_RECORD_COLUMNS} FROM password_resets r JOIN users u ON u.id = r.user_id
     WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.deactivated_at IS NULL${lock ? ' FOR UPDATE OF r' : ''}`,
    [tokenHash, at],
  );
  return rows[0] ? toUserRecord(rows[0]) : null;
}

export function workspaceStore(pool: pg.Pool): WorkspaceStore {
  return {
    async retentionTargets(workspaceDays) {
      const { rows } = await pool.query<{ id: Int8; days: number }>(
        'SELECT id, coalesce(retention_days, $1::integer) AS days FROM conversations WHERE coalesce(retention_days, $1::integer) IS NOT NULL ORDER BY id',
        [workspaceDays],
      );
      return rows.map((row) => ({ conversationId: Number(row.id), days: row.days }));
    },
    deleteExpired: (conversationId, before, limit) =>
      transaction(pool, async (db) => {
        const doomed: number[] = [];
        let afterSeq = -1;
        // In seq order, which is the order they were written in: the first one young enough ends the scan.
        scan: for (;;) {
          const { rows } = await db.query<{ id: Int8; seq: Int8; created_at: Int8; last_reply_at: Int8 | null }>(
            `SELECT id, seq, created_at, last_reply_at FROM messages WHERE conversation_id = $1 AND thread_id = 0 AND seq > $2
             ORDER BY seq LIMIT 200`,
            [conversationId, afterSeq],
          );
          for (const row of rows) {
            if (Number(row.created_at) >= before) break scan;
            if (Number(row.last_reply_at ?? 0) < before) doomed.push(Number(row.id));
            if (doomed.length === limit) break scan;
            afterSeq = Number(row.seq);
          }
          if (rows.length < 200) break;
        }
        if (!doomed.length) return 0;
        await db.query('DELETE FROM messages WHERE conversation_id = $1 AND thread_id = ANY($2::bigint[])', [conversationId, doomed]);
        // What this transaction deleted: a node running retention at the same moment may have taken some first.
        const { rowCount } = await db.query('DELETE FROM messages WHERE id = ANY($1::bigint[])', [doomed]);
        return rowCount ?? 0;
      }),
    createPasswordReset: (reset, entry) =>
      transaction(pool, async (db) => {
        await db.query('INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
          reset.tokenHash, reset.userId, reset.createdBy, reset.createdAt, reset.expiresAt,
        ]);
        await audit(db, { ...entry, detail: { expiresAt: reset.expiresAt } });
      }),
    findPasswordReset: (tokenHash, at) => findReset(pool, tokenHash, at),
    usePasswordReset: (tokenHash, passwordHash, at) =>
      transaction(pool, async (db) => {
        // FOR UPDATE: a second use of the same link waits, then finds it used.
        const user = await findReset(db, tokenHash, at, true);
        if (!user) return null;
        await db.query('UPDATE password_resets SET used_at = $2 WHERE token_hash = $1', [tokenHash, at]);
        await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, passwordHash]);
        await db.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
        await audit(db, { at, actorId: user.id, action: 'password.reset', targetUserId: user.id });
        return userRecord(db, user.id);
      }),
    createAccount: (account) =>
      transaction(pool, async (db) => {
        const first = (await lockOwners(db)) === 0;
        let role: Role = 'owner';
        let invite: Invite | null = null;
        if (!first) {
          const mode = account.modeOverride ?? (await readWorkspace(db)).signUpMode;
          if (mode === 'closed') throw new SignUpRefused('signup_closed');
          role = 'member';
          if (account.invite !== null) {
            const { rows } = await db.query<InviteRow>(
              `UPDATE invites SET uses = uses + 1
               WHERE token = $1 AND revoked_at IS NULL AND expires_at > $2 AND uses < max_uses RETURNING *`,
              [account.invite, account.createdAt],
            );
            if (!rows[0]) throw new SignUpRefused('invite_invalid');
            invite = toInvite(rows[0]);
            role = invite.role;
          } else if (mode !== 'open') throw new SignUpRefused('signup_closed');
        }
        const { rows } = await unique(
          db.query<UserRow>(
            `INSERT INTO users AS u (username, password_hash, created_at, role) VALUES ($1, $2, $3, $4) RETURNING ${USER_RECORD_COLUMNS}`,
            [account.username, account.passwordHash, account.createdAt, role],
          ),
        );
        const user = toUserRecord(rows[0]!);
        await audit(db, {
          at: account.createdAt,
          actorId: user.id,
          action: first ? 'owner.first' : 'user.signup',
          targetUserId: user.id,
          detail: invite ? { invite: invite.id, role } : { role },
        });
        return { user, invite };
      }),

    getWorkspace: () => readWorkspace(pool),
    async countActiveOwners() {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'owner' AND deactivated_at IS NULL`);
      return rows[0]!.n;
    },
    updateWorkspace: (change, version, entry) =>
      transaction(pool, async (db) => {
        const { rows } = await db.query<{ version: Int8 }>(
          `UPDATE workspace SET name = coalesce($1, name), signup_mode = coalesce($2, signup_mode),
             retention_days = CASE WHEN $4 THEN $5::integer ELSE retention_days END, icon = coalesce($6, icon),
             max_upload_mb = CASE WHEN $7 THEN $8::double precision ELSE max_upload_mb END, version = version + 1
           WHERE id = 1 AND version = $3 RETURNING version`,
          [
            change.name ?? null,
            change.signUpMode ?? null,
            version,
            change.retentionDays !== undefined,
            change.retentionDays ?? null,
            change.icon ?? null,
            change.uploadLimitMb !== undefined,
            change.uploadLimitMb ?? null,
          ],
        );
        if (!rows[0]) return null;
        await audit(db, entry);
        return readWorkspace(db);
      }),

    createInvite: (invite, entry) =>
      transaction(pool, async (db) => {
        const { rows } = await db.query<InviteRow>(
          `INSERT INTO invites (token, role, channel_ids, created_by, created_at, expires_at, max_uses)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [invite.token, invite.role, JSON.stringify(invite.channelIds), invite.createdBy, invite.createdAt, invite.expiresAt, invite.maxUses],
        );
        const created = toInvite(rows[0]!);
        await audit(db, { ...entry, detail: { invite: created.id, role: created.role, maxUses: created.maxUses, expiresAt: created.expiresAt } });
        return created;
      }),
    async findInvite(token) {
      const { rows } = await pool.query<InviteRow>('SELECT * FROM invites WHERE token = $1', [token]);
      return rows[0] ? toInvite(rows[0]) : null;
    },
    async listInvites(limit) {
      const { rows } = await pool.query<InviteRow>('SELECT * FROM invites ORDER BY id DESC LIMIT $1', [limit]);
      return rows.map(toInvite);
    },
    revokeInvite: (id, entry) =>
      transaction(pool, async (db) => {
        const { rows } = await db.query<InviteRow>('UPDATE invites SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING *', [
          id,
          entry.at,
        ]);
        if (!rows[0]) return null;
        await audit(db, { ...entry, detail: { invite: id } });
        return toInvite(rows[0]);
      }),

    setRole: (userId, from, to, entry) =>
      transaction(pool, async (db) => {
        const owners = await lockOwners(db);
        const user = await userRecord(db, userId);
        if (!user) return { refused: 'not_found' as const };
        if (user.role !== from) return { refused: 'changed' as const };
        if (from === 'owner' && to !== 'owner' && !user.deactivated && owners === 1) return { refused: 'last_owner' as const };
        await db.query('UPDATE users SET role = $2 WHERE id = $1', [userId, to]);
        await audit(db, { ...entry, detail: { from, to } });
        return { user: (await userRecord(db, userId))! };
      }),
    setDeactivated: (userId, role, deactivated, entry) =>
      transaction(pool, async (db) => {
        const owners = await lockOwners(db);
        const user = await userRecord(db, userId);
        if (!user) return { refused: 'not_found' as const };
        if (user.role !== role) return { refused: 'changed' as const };
        if (deactivated && role === 'owner' && !user.deactivated && owners === 1) return { refused: 'last_owner' as const };
        if (deactivated) {
          await db.query('UPDATE users SET deactivated_at = coalesce(deactivated_at, $2) WHERE id = $1', [userId, entry.at]);
          await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
        } else {
          await db.query('UPDATE users SET deactivated_at = NULL WHERE id = $1', [userId]);
        }
        await audit(db, entry);
        return { user: (await userRecord(db, userId))! };
      }),
    async listAllUsers(page) {
      const { rows } = await pool.query<UserRow & { sort_key: string }>(
        `SELECT ${USER_COLUMNS}, lower(u.username) COLLATE "C" AS sort_key FROM users u
         WHERE lower(u.username) COLLATE "C" >= $1 AND lower(u.username) COLLATE "C" < $2 AND lower(u.username) COLLATE "C" > $3
         ORDER BY lower(u.username) COLLATE "C" LIMIT $4`,
        [...keyRange(page), page.limit + 1],
      );
      return toPage(rows, page.limit, (row) => row.sort_key, toUser);
    },
    appendAudit: (entry) => audit(pool, entry),
    async listAudit({ before, limit }) {
      const { rows } = await pool.query<AuditRow>('SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2', [
        before ?? Number.MAX_SAFE_INTEGER,
        limit,
      ]);
      return rows.map(toAuditEntry);
    },
  };
}
