// The workspace's door and its running on SQLite (src/storage/workspace-store.ts).
import type { AuditEntry, Invite } from '../../shared/admin.js';
import type { Role, SignUpMode } from '../../shared/roles.js';
import { keyRange, toPage } from '../page.js';
import { SignUpRefused, type NewAuditEntry, type WorkspaceChange, type WorkspaceRecord, type WorkspaceStore } from '../workspace-store.js';
import { unique, type SqliteDb } from './db.js';
import { toUser, toUserRecord, USER_COLUMNS, type UserRow } from './rows.js';

interface InviteRow {
  id: number;
  token: string;
  role: Invite['role'];
  channel_ids: string;
  created_by: number;
  created_at: number;
  expires_at: number;
  max_uses: number;
  uses: number;
  revoked_at: number | null;
}

const toInvite = (row: InviteRow): Invite => ({
  id: row.id,
  token: row.token,
  role: row.role,
  channelIds: JSON.parse(row.channel_ids) as number[],
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  maxUses: row.max_uses,
  uses: row.uses,
  revokedAt: row.revoked_at,
});

interface AuditRow {
  id: number;
  at: number;
  actor_id: number | null;
  action: AuditEntry['action'];
  target_user_id: number | null;
  detail: string;
}

const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actorId: row.actor_id,
  action: row.action,
  targetUserId: row.target_user_id,
  detail: JSON.parse(row.detail) as AuditEntry['detail'],
});

export function workspaceStore(s: SqliteDb): WorkspaceStore {
  const audit = (entry: NewAuditEntry) =>
    s
      .sql('INSERT INTO audit_log (at, actor_id, action, target_user_id, detail) VALUES (?, ?, ?, ?, ?)')
      .run(entry.at, entry.actorId, entry.action, entry.targetUserId ?? null, JSON.stringify(entry.detail ?? {}));
  const readWorkspace = () =>
    s
      .sql(
        `SELECT name, icon, signup_mode AS signUpMode, retention_days AS retentionDays, max_upload_mb AS uploadLimitMb, version
         FROM workspace WHERE id = 1`,
      )
      .get() as WorkspaceRecord;
  const userRecord = (id: number) => {
    const row = s.sql('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUserRecord(row) : null;
  };
  const activeOwners = () =>
    (s.sql(`SELECT count(*) AS n FROM users WHERE role = 'owner' AND deactivated_at IS NULL`).get() as { n: number }).n;
  const findInvite = (token: string) => {
    const row = s.sql('SELECT * FROM invites WHERE token = ?').get(token) as InviteRow | undefined;
    return row ? toInvite(row) : null;
  };

  const createAccount = s.db.transaction(
    (username: string, passwordHash: string, createdAt: number, token: string | null, override: SignUpMode | null) => {
      let role: Role = 'member';
      let invite: Invite | null = null;
      const first = activeOwners() === 0;
      if (first) role = 'owner';
      else {
        const mode = override ?? readWorkspace().signUpMode;
        if (mode === 'closed') throw new SignUpRefused('signup_closed');
        if (token !== null) {
          const row = s
            .sql(
              `UPDATE invites SET uses = uses + 1
               WHERE token = ? AND revoked_at IS NULL AND expires_at > ? AND uses < max_uses RETURNING *`,
            )
            .get(token, createdAt) as InviteRow | undefined;
          if (!row) throw new SignUpRefused('invite_invalid');
          invite = toInvite(row);
          role = invite.role;
        } else if (mode !== 'open') throw new SignUpRefused('signup_closed');
      }
      const row = unique(() =>
        s
          .sql(
            `INSERT INTO users (username, username_key, password_hash, created_at, role) VALUES (?, ?, ?, ?, ?)
             RETURNING *`,
          )
          .get(username, username.toLowerCase(), passwordHash, createdAt, role),
      ) as UserRow;
      audit({
        at: createdAt,
        actorId: row.id,
        action: first ? 'owner.first' : 'user.signup',
        targetUserId: row.id,
        detail: invite ? { invite: invite.id, role } : { role },
      });
      return { user: toUserRecord(row), invite };
    },
  );

  const updateWorkspace = s.db.transaction(
    (change: WorkspaceChange, version: number, entry: NewAuditEntry) => {
      const current = readWorkspace();
      if (current.version !== version) return null;
      s.sql(
        'UPDATE workspace SET name = ?, icon = ?, signup_mode = ?, retention_days = ?, max_upload_mb = ?, version = version + 1 WHERE id = 1',
      ).run(
        change.name ?? current.name,
        change.icon ?? current.icon,
        change.signUpMode ?? current.signUpMode,
        change.retentionDays === undefined ? current.retentionDays : change.retentionDays,
        change.uploadLimitMb === undefined ? current.uploadLimitMb : change.uploadLimitMb,
      );
      audit(entry);
      return readWorkspace();
    },
  );

  const setRole = s.db.transaction((userId: number, from: Role, to: Role, entry: Omit<NewAuditEntry, 'detail'>) => {
    const user = userRecord(userId);
    if (!user) return { refused: 'not_found' as const };
    if (user.role !== from) return { refused: 'changed' as const };
    if (from === 'owner' && to !== 'owner' && !user.deactivated && activeOwners() === 1) return { refused: 'last_owner' as const };
    s.sql('UPDATE users SET role = ? WHERE id = ?').run(to, userId);
    audit({ ...entry, detail: { from, to } });
    return { user: userRecord(userId)! };
  });

  const setDeactivated = s.db.transaction(
    (userId: number, role: Role, deactivated: boolean, entry: Omit<NewAuditEntry, 'detail'>) => {
      const user = userRecord(userId);
      if (!user) return { refused: 'not_found' as const };
      if (user.role !== role) return { refused: 'changed' as const };
      if (deactivated && role === 'owner' && !user.deactivated && activeOwners() === 1) return { refused: 'last_owner' as const };
      if (deactivated) {
        s.sql('UPDATE users SET deactivated_at = coalesce(deactivated_at, ?) WHERE id = ?').run(entry.at, userId);
        s.sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
      } else {
        s.sql('UPDATE users SET deactivated_at = NULL WHERE id = ?').run(userId);
      }
      audit(entry);
      return { user: userRecord(userId)! };
    },
  );

  const createInvite = s.db.transaction((invite: Parameters<WorkspaceStore['createInvite']>[0], entry: Omit<NewAuditEntry, 'detail'>) => {
    const row = s
      .sql(
        `INSERT INTO invites (token, role, channel_ids, created_by, created_at, expires_at, max_uses)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(invite.token, invite.role, JSON.stringify(invite.channelIds), invite.createdBy, invite.createdAt, invite.expiresAt, invite.maxUses) as InviteRow;
    audit({ ...entry, detail: { invite: row.id, role: row.role, maxUses: row.max_uses, expiresAt: row.expires_at } });
    return toInvite(row);
  });

  const revokeInvite = s.db.transaction((id: number, entry: Omit<NewAuditEntry, 'detail'>) => {
    const row = s.sql('UPDATE invites SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *').get(entry.at, id) as
      | InviteRow
      | undefined;
    if (!row) return null;
    audit({ ...entry, detail: { invite: id } });
    return toInvite(row);
  });

  const findReset = (tokenHash: string, at: number) => {
    const row = s
      .sql(
        `SELECT u.* FROM password_resets r JOIN users u ON u.id = r.user_id
         WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? AND u.deactivated_at IS NULL`,
      )
      .get(tokenHash, at) as UserRow | undefined;
    return row ? toUserRecord(row) : null;
  };
  const useReset = s.db.transaction((tokenHash: string, passwordHash: string, at: number) => {
    const user = findReset(tokenHash, at);
    if (!user) return null;
    s.sql('UPDATE password_resets SET used_at = ? WHERE token_hash = ?').run(at, tokenHash);
    s.sql('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, user.id);
    s.sql('DELETE FROM sessions WHERE user_id = ?').run(user.id);
    audit({ at, actorId: user.id, action: 'password.reset', targetUserId: user.id });
    return userRecord(user.id);
  });
  const createReset = s.db.transaction((reset: Parameters<WorkspaceStore['createPasswordReset']>[0], entry: Omit<NewAuditEntry, 'detail'>) => {
    s.sql('INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
      reset.tokenHash, reset.userId, reset.createdBy, reset.createdAt, reset.expiresAt,
    );
    audit({ ...entry, detail: { expiresAt: reset.expiresAt } });
  });

  const deleteExpired = s.db.transaction((conversationId: number, before: number, limit: number) => {
    const doomed: number[] = [];
    let afterSeq = -1;
    // In seq order, which is the order they were written in: the first one young enough ends the scan.
    scan: for (;;) {
      const page = s
        .sql(
          `SELECT id, seq, created_at, last_reply_at FROM messages WHERE conversation_id = ? AND thread_id = 0 AND seq > ?
           ORDER BY seq LIMIT 200`,
        )
        .all(conversationId, afterSeq) as { id: number; seq: number; created_at: number; last_reply_at: number | null }[];
      for (const row of page) {
        if (row.created_at >= before) break scan;
        if ((row.last_reply_at ?? 0) < before) doomed.push(row.id);
        if (doomed.length === limit) break scan;
        afterSeq = row.seq;
      }
      if (page.length < 200) break;
    }
    if (!doomed.length) return 0;
    const ids = JSON.stringify(doomed);
    s.sql('DELETE FROM messages WHERE conversation_id = ? AND thread_id IN (SELECT value FROM json_each(?))').run(conversationId, ids);
    s.sql('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))').run(ids);
    return doomed.length;
  });

  return {
    async retentionTargets(workspaceDays) {
      const rows = s
        .sql('SELECT id, coalesce(retention_days, ?) AS days FROM conversations WHERE coalesce(retention_days, ?) IS NOT NULL ORDER BY id')
        .all(workspaceDays, workspaceDays) as { id: number; days: number }[];
      return rows.map((row) => ({ conversationId: row.id, days: row.days }));
    },
    deleteExpired: async (conversationId, before, limit) => deleteExpired.immediate(conversationId, before, limit),
    createPasswordReset: async (reset, entry) => createReset.immediate(reset, entry),
    findPasswordReset: async (tokenHash, at) => findReset(tokenHash, at),
    usePasswordReset: async (tokenHash, passwordHash, at) => useReset.immediate(tokenHash, passwordHash, at),
    createAccount: async (a) => createAccount.immediate(a.username, a.passwordHash, a.createdAt, a.invite, a.modeOverride),
    getWorkspace: async () => readWorkspace(),
    countActiveOwners: async () => activeOwners(),
    updateWorkspace: async (change, version, entry) => updateWorkspace.immediate(change, version, entry),
    createInvite: async (invite, entry) => createInvite.immediate(invite, entry),
    findInvite: async (token) => findInvite(token),
    listInvites: async (limit) =>
      (s.sql('SELECT * FROM invites ORDER BY id DESC LIMIT ?').all(limit) as InviteRow[]).map(toInvite),
    revokeInvite: async (id, entry) => revokeInvite.immediate(id, entry),
    setRole: async (userId, from, to, entry) => setRole.immediate(userId, from, to, entry),
    setDeactivated: async (userId, role, deactivated, entry) => setDeactivated.immediate(userId, role, deactivated, entry),
    async listAllUsers(page) {
      const rows = s
        .sql(
          `SELECT ${USER_COLUMNS}, u.username_key FROM users u
           WHERE u.username_key >= ? AND u.username_key < ? AND u.username_key > ?
           ORDER BY u.username_key LIMIT ?`,
        )
        .all(...keyRange(page), page.limit + 1) as (UserRow & { username_key: string })[];
      return toPage(rows, page.limit, (row) => row.username_key, toUser);
    },
    appendAudit: async (entry) => void audit(entry),
    async listAudit({ before, limit }) {
      const rows = s
        .sql('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?')
        .all(before ?? Number.MAX_SAFE_INTEGER, limit) as AuditRow[];
      return rows.map(toAuditEntry);
    },
  };
}
