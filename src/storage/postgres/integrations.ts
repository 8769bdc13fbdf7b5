// Bot accounts and incoming webhooks on PostgreSQL (src/storage/integration-store.ts).
import type pg from 'pg';
import type { Integration, IntegrationKind } from '../../shared/integrations.js';
import type { IntegrationStore } from '../integration-store.js';
import { transaction, unique, type Queryable } from './db.js';
import { toUser, USER_COLUMNS, type UserRow } from './rows.js';
import { audit } from './workspace.js';

type Int8 = string | number;

interface IntegrationRow extends Omit<UserRow, 'password_hash'> {
  kind: IntegrationKind;
  token_hash: string;
  channel_id: Int8 | null;
  created_by: Int8;
  bot_created_at: Int8;
  token_issued_at: Int8;
  last_used_at: Int8 | null;
}

const SELECT = `SELECT ${USER_COLUMNS}, b.kind, b.token_hash, b.channel_id, b.created_by, b.created_at AS bot_created_at,
  b.token_issued_at, b.last_used_at FROM bots b JOIN users u ON u.id = b.user_id`;

const toIntegration = (row: IntegrationRow): Integration => ({
  user: toUser(row),
  kind: row.kind,
  channelId: row.channel_id === null ? null : Number(row.channel_id),
  createdBy: Number(row.created_by),
  createdAt: Number(row.bot_created_at),
  tokenIssuedAt: Number(row.token_issued_at),
  lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
});

async function find(db: Queryable, userId: number): Promise<Integration | null> {
  const { rows } = await db.query<IntegrationRow>(`${SELECT} WHERE b.user_id = $1`, [userId]);
  return rows[0] ? toIntegration(rows[0]) : null;
}

export function integrationStore(pool: pg.Pool): IntegrationStore {
  return {
    createIntegration: (n, entry) =>
      transaction(pool, async (db) => {
        const { rows } = await unique(
          db.query<{ id: Int8 }>(
            `INSERT INTO users (username, password_hash, created_at, role, bot_colour) VALUES ($1, '', $2, 'guest', $3) RETURNING id`,
            [n.username, n.createdAt, n.colour],
          ),
        );
        const id = Number(rows[0]!.id);
        await db.query(
          `INSERT INTO bots (user_id, kind, token_hash, channel_id, created_by, created_at, token_issued_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
          [id, n.kind, n.tokenHash, n.channelId, n.createdBy, n.createdAt],
        );
        await audit(db, { ...entry, targetUserId: id });
        return (await find(db, id))!;
      }),
    async listIntegrations(kind, limit) {
      const { rows } = await pool.query<IntegrationRow>(`${SELECT} WHERE b.kind = $1 ORDER BY lower(u.username) COLLATE "C" LIMIT $2`, [kind, limit]);
      return rows.map(toIntegration);
    },
    findIntegration: (userId) => find(pool, userId),
    rotateIntegrationToken: (userId, tokenHash, at, entry) =>
      transaction(pool, async (db) => {
        const before = await db.query<{ token_hash: string }>('SELECT token_hash FROM bots WHERE user_id = $1 FOR UPDATE', [userId]);
        if (!before.rows[0]) return null;
        await db.query('UPDATE bots SET token_hash = $1, token_issued_at = $2 WHERE user_id = $3', [tokenHash, at, userId]);
        await audit(db, { ...entry, targetUserId: userId });
        return { integration: (await find(db, userId))!, previousTokenHash: before.rows[0].token_hash };
      }),
    async useIntegrationToken(tokenHash, kind, at, touchBefore) {
      const { rows } = await pool.query<IntegrationRow>(`${SELECT} WHERE b.token_hash = $1 AND b.kind = $2 AND u.deactivated_at IS NULL`, [
        tokenHash,
        kind,
      ]);
      const row = rows[0];
      if (!row) return null;
      if (row.last_used_at === null || Number(row.last_used_at) < touchBefore) {
        await pool.query('UPDATE bots SET last_used_at = $1 WHERE user_id = $2', [at, row.id]);
        row.last_used_at = at;
      }
      return toIntegration(row);
    },
  };
}
