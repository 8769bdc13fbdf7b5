// Bot accounts and incoming webhooks on SQLite (src/storage/integration-store.ts).
import type { Integration, IntegrationKind } from '../../shared/integrations.js';
import type { IntegrationStore } from '../integration-store.js';
import type { NewAuditEntry } from '../workspace-store.js';
import { unique, type SqliteDb } from './db.js';
import { toUser, USER_COLUMNS, type UserRow } from './rows.js';

interface IntegrationRow extends Omit<UserRow, 'password_hash'> {
  kind: IntegrationKind;
  token_hash: string;
  channel_id: number | null;
  created_by: number;
  bot_created_at: number;
  token_issued_at: number;
  last_used_at: number | null;
}

const SELECT = `SELECT ${USER_COLUMNS}, b.kind, b.token_hash, b.channel_id, b.created_by, b.created_at AS bot_created_at,
  b.token_issued_at, b.last_used_at FROM bots b JOIN users u ON u.id = b.user_id`;

const toIntegration = (row: IntegrationRow): Integration => ({
  user: toUser(row),
  kind: row.kind,
  channelId: row.channel_id,
  createdBy: row.created_by,
  createdAt: row.bot_created_at,
  tokenIssuedAt: row.token_issued_at,
  lastUsedAt: row.last_used_at,
});

export function integrationStore(s: SqliteDb): IntegrationStore {
  const audit = (entry: NewAuditEntry) =>
    s
      .sql('INSERT INTO audit_log (at, actor_id, action, target_user_id, detail) VALUES (?, ?, ?, ?, ?)')
      .run(entry.at, entry.actorId, entry.action, entry.targetUserId ?? null, JSON.stringify(entry.detail ?? {}));
  const find = (userId: number) => {
    const row = s.sql(`${SELECT} WHERE b.user_id = ?`).get(userId) as IntegrationRow | undefined;
    return row ? toIntegration(row) : null;
  };

  const create = s.db.transaction((n: Parameters<IntegrationStore['createIntegration']>[0], entry: Omit<NewAuditEntry, 'targetUserId'>) => {
    const { id } = unique(() =>
      s
        .sql(
          `INSERT INTO users (username, username_key, password_hash, created_at, role, bot_colour) VALUES (?, ?, '', ?, 'guest', ?)
           RETURNING id`,
        )
        .get(n.username, n.username.toLowerCase(), n.createdAt, n.colour),
    ) as { id: number };
    s.sql(
      `INSERT INTO bots (user_id, kind, token_hash, channel_id, created_by, created_at, token_issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, n.kind, n.tokenHash, n.channelId, n.createdBy, n.createdAt, n.createdAt);
    audit({ ...entry, targetUserId: id });
    return find(id)!;
  });

  const rotate = s.db.transaction((userId: number, tokenHash: string, at: number, entry: Omit<NewAuditEntry, 'targetUserId'>) => {
    const before = s.sql('SELECT token_hash FROM bots WHERE user_id = ?').get(userId) as { token_hash: string } | undefined;
    if (!before) return null;
    s.sql('UPDATE bots SET token_hash = ?, token_issued_at = ? WHERE user_id = ?').run(tokenHash, at, userId);
    audit({ ...entry, targetUserId: userId });
    return { integration: find(userId)!, previousTokenHash: before.token_hash };
  });

  return {
    async createIntegration(integration, entry) {
      return create(integration, entry);
    },
    async listIntegrations(kind, limit) {
      return (s.sql(`${SELECT} WHERE b.kind = ? ORDER BY u.username_key LIMIT ?`).all(kind, limit) as IntegrationRow[]).map(toIntegration);
    },
    async findIntegration(userId) {
      return find(userId);
    },
    async rotateIntegrationToken(userId, tokenHash, at, entry) {
      return rotate(userId, tokenHash, at, entry);
    },
    async useIntegrationToken(tokenHash, kind, at, touchBefore) {
      const row = s.sql(`${SELECT} WHERE b.token_hash = ? AND b.kind = ? AND u.deactivated_at IS NULL`).get(tokenHash, kind) as
        | IntegrationRow
        | undefined;
      if (!row) return null;
      if (row.last_used_at === null || row.last_used_at < touchBefore) {
        s.sql('UPDATE bots SET last_used_at = ? WHERE user_id = ?').run(at, row.id);
        row.last_used_at = at;
      }
      return toIntegration(row);
    },
  };
}
