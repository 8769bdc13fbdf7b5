// Web Push keys and subscriptions on PostgreSQL (src/storage/push-store.ts).
import type pg from 'pg';
import type { PushStore } from '../push-store.js';
import { PUSH_COLUMNS as COLUMNS, toAudience, toSubscription, type AudienceRow, type SubscriptionRow } from '../push-rows.js';
import { transaction } from './db.js';


export function pushStore(pool: pg.Pool): PushStore {
  return {
    async pushKeys(candidate) {
      // Two nodes starting together: one insert wins, both read the winner's pair.
      await pool.query('INSERT INTO push_keys (id, public_key, private_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [
        candidate.publicKey,
        candidate.privateKey,
      ]);
      const { rows } = await pool.query<{ public_key: string; private_key: string }>('SELECT public_key, private_key FROM push_keys WHERE id = 1');
      return { publicKey: rows[0]!.public_key, privateKey: rows[0]!.private_key };
    },
    addPushSubscription: (n, max) =>
      transaction(pool, async (db) => {
        const { rows } = await db.query<SubscriptionRow>(
          `INSERT INTO push_subscriptions (user_id, token_hash, endpoint, p256dh, auth, user_agent, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, token_hash = excluded.token_hash, p256dh = excluded.p256dh,
             auth = excluded.auth, user_agent = excluded.user_agent, created_at = excluded.created_at, last_success_at = NULL
           RETURNING ${COLUMNS.replaceAll('p.', '')}`,
          [n.userId, n.tokenHash, n.endpoint, n.p256dh, n.auth, n.userAgent, n.createdAt],
        );
        await db.query(
          `DELETE FROM push_subscriptions WHERE user_id = $1 AND id NOT IN
             (SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)`,
          [n.userId, max],
        );
        return toSubscription(rows[0]!);
      }),
    async removePushSubscription(userId, which) {
      const result =
        'id' in which
          ? await pool.query('DELETE FROM push_subscriptions WHERE user_id = $1 AND id = $2', [userId, which.id])
          : await pool.query('DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2', [userId, which.endpoint]);
      return (result.rowCount ?? 0) > 0;
    },
    async listPushSubscriptions(userId) {
      const { rows } = await pool.query<SubscriptionRow>(
        `SELECT ${COLUMNS} FROM push_subscriptions p WHERE p.user_id = $1 ORDER BY p.created_at DESC, p.id DESC`,
        [userId],
      );
      return rows.map(toSubscription);
    },
    async pushAudience(conversationId, rootId) {
      const { rows } = await pool.query<AudienceRow>(
        `SELECT ${COLUMNS}, m.notify, m.muted, u.notify_dm, u.notify_channel,
           EXISTS (SELECT 1 FROM thread_reads t WHERE t.user_id = p.user_id AND t.root_id = $1) AS follows
         FROM push_subscriptions p
         JOIN members m ON m.user_id = p.user_id AND m.conversation_id = $2
         JOIN users u ON u.id = p.user_id AND u.deactivated_at IS NULL`,
        [rootId ?? 0, conversationId],
      );
      return rows.map(toAudience);
    },
    async pushDelivered(id, at) {
      await pool.query('UPDATE push_subscriptions SET last_success_at = $1 WHERE id = $2', [at, id]);
    },
    async deletePushSubscription(id) {
      await pool.query('DELETE FROM push_subscriptions WHERE id = $1', [id]);
    },
  };
}
