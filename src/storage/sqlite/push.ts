// Web Push keys and subscriptions on SQLite (src/storage/push-store.ts).
import type { PushStore } from '../push-store.js';
import { PUSH_COLUMNS as COLUMNS, toAudience, toSubscription, type AudienceRow, type SubscriptionRow } from '../push-rows.js';
import type { SqliteDb } from './db.js';

export function pushStore(s: SqliteDb): PushStore {
  const add = s.db.transaction((n: Parameters<PushStore['addPushSubscription']>[0], max: number) => {
    const row = s
      .sql(
        `INSERT INTO push_subscriptions (user_id, token_hash, endpoint, p256dh, auth, user_agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, token_hash = excluded.token_hash, p256dh = excluded.p256dh,
           auth = excluded.auth, user_agent = excluded.user_agent, created_at = excluded.created_at, last_success_at = NULL
         RETURNING ${COLUMNS.replaceAll('p.', '')}`,
      )
      .get(n.userId, n.tokenHash, n.endpoint, n.p256dh, n.auth, n.userAgent, n.createdAt) as SubscriptionRow;
    s.sql(
      `DELETE FROM push_subscriptions WHERE user_id = ? AND id NOT IN
         (SELECT id FROM push_subscriptions WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)`,
    ).run(n.userId, n.userId, max);
    return toSubscription(row);
  });

  return {
    async pushKeys(candidate) {
      s.sql('INSERT INTO push_keys (id, public_key, private_key) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING').run(candidate.publicKey, candidate.privateKey);
      const row = s.sql('SELECT public_key, private_key FROM push_keys WHERE id = 1').get() as { public_key: string; private_key: string };
      return { publicKey: row.public_key, privateKey: row.private_key };
    },
    async addPushSubscription(subscription, max) {
      return add(subscription, max);
    },
    async removePushSubscription(userId, which) {
      const result =
        'id' in which
          ? s.sql('DELETE FROM push_subscriptions WHERE user_id = ? AND id = ?').run(userId, which.id)
          : s.sql('DELETE FROM push_subscriptions WHERE user_id = ? AND endpoint = ?').run(userId, which.endpoint);
      return result.changes > 0;
    },
    async listPushSubscriptions(userId) {
      const rows = s.sql(`SELECT ${COLUMNS} FROM push_subscriptions p WHERE p.user_id = ? ORDER BY p.created_at DESC, p.id DESC`).all(userId);
      return (rows as SubscriptionRow[]).map(toSubscription);
    },
    async pushAudience(conversationId, rootId) {
      const rows = s
        .sql(
          `SELECT ${COLUMNS}, m.notify, m.muted, u.notify_dm, u.notify_channel,
             EXISTS (SELECT 1 FROM thread_reads t WHERE t.user_id = p.user_id AND t.root_id = ?) AS follows
           FROM push_subscriptions p
           JOIN members m ON m.user_id = p.user_id AND m.conversation_id = ?
           JOIN users u ON u.id = p.user_id AND u.deactivated_at IS NULL`,
        )
        .all(rootId ?? 0, conversationId) as AudienceRow[];
      return rows.map(toAudience);
    },
    async pushDelivered(id, at) {
      s.sql('UPDATE push_subscriptions SET last_success_at = ? WHERE id = ?').run(at, id);
    },
    async deletePushSubscription(id) {
      s.sql('DELETE FROM push_subscriptions WHERE id = ?').run(id);
    },
  };
}
