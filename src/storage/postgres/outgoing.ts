// Outgoing webhooks on PostgreSQL (src/storage/outgoing-store.ts). Claims take rows FOR UPDATE SKIP LOCKED, so
// nodes claiming at once get different rows; queueing locks the hook's row, so two nodes scanning one hook queue
// in turn (the bound counts every pending row) and the UNIQUE (hook, message) row keeps the second's copy out.
import type pg from 'pg';
import type { OutgoingDelivery } from '../../shared/outgoing.js';
import { mentionsFromJson } from '../mentions-json.js';
import { deliveryId, type OutgoingHookRecord, type OutgoingStore } from '../outgoing-store.js';
import type { NewAuditEntry } from '../workspace-store.js';
import { transaction, type Queryable } from './db.js';

type Int8 = string | number;

interface HookRow {
  id: Int8;
  name: string;
  url: string;
  channel_id: Int8 | null;
  trigger: OutgoingHookRecord['trigger'];
  words: string;
  poster_user_id: Int8;
  secret: string;
  enabled: boolean;
  created_by: Int8;
  created_at: Int8;
}

const toHook = (row: HookRow): OutgoingHookRecord => ({
  id: Number(row.id),
  name: row.name,
  url: row.url,
  channelId: row.channel_id === null ? null : Number(row.channel_id),
  trigger: row.trigger,
  words: JSON.parse(row.words) as string[],
  posterUserId: Number(row.poster_user_id),
  enabled: row.enabled,
  secret: row.secret,
  createdBy: Number(row.created_by),
  createdAt: Number(row.created_at),
});

interface DeliveryRow {
  id: Int8;
  hook_id: Int8;
  message_id: Int8;
  status: OutgoingDelivery['status'];
  attempts: number;
  next_attempt_at: Int8 | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Int8;
  updated_at: Int8;
}

const toDelivery = (row: DeliveryRow): OutgoingDelivery => ({
  id: deliveryId(Number(row.hook_id), Number(row.message_id)),
  hookId: Number(row.hook_id),
  messageId: Number(row.message_id),
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' && row.next_attempt_at !== null ? Number(row.next_attempt_at) : null,
  lastStatus: row.last_status,
  lastError: row.last_error,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

async function audit(db: Queryable, entry: NewAuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor_id, action, target_user_id, detail) VALUES ($1, $2, $3, $4, $5)', [
    entry.at, entry.actorId, entry.action, entry.targetUserId ?? null, JSON.stringify(entry.detail ?? {}),
  ]);
}

async function hookRow(db: Queryable, id: number, lock = false): Promise<HookRow | undefined> {
  const { rows } = await db.query<HookRow>(`SELECT * FROM outgoing_hooks WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export function outgoingStore(pool: pg.Pool): OutgoingStore {
  return {
    createOutgoingHook: (hook, entry) =>
      transaction(pool, async (db) => {
        const { rows } = await db.query<HookRow>(
          `INSERT INTO outgoing_hooks (name, url, channel_id, trigger, words, poster_user_id, secret, start_message_id, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(id), 0) FROM messages), $8, $9) RETURNING *`,
          [hook.name, hook.url, hook.channelId, hook.trigger, JSON.stringify(hook.words), hook.posterUserId, hook.secret, hook.createdBy, hook.createdAt],
        );
        const row = rows[0]!;
        await audit(db, { ...entry, detail: { ...entry.detail, hook: Number(row.id) } });
        return toHook(row);
      }),
    async listOutgoingHooks() {
      const { rows } = await pool.query<HookRow>('SELECT * FROM outgoing_hooks ORDER BY id');
      return rows.map(toHook);
    },
    async getOutgoingHook(id) {
      const row = await hookRow(pool, id);
      return row ? toHook(row) : null;
    },
    updateOutgoingHook: (id, change, entry) =>
      transaction(pool, async (db) => {
        const row = await hookRow(db, id, true);
        if (!row) return null;
        const next = { ...toHook(row), ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
        const { rows } = await db.query<HookRow>(
          `UPDATE outgoing_hooks SET name = $1, url = $2, channel_id = $3, trigger = $4, words = $5, poster_user_id = $6, enabled = $7, secret = $8
           WHERE id = $9 RETURNING *`,
          [next.name, next.url, next.channelId, next.trigger, JSON.stringify(next.words), next.posterUserId, next.enabled, next.secret, id],
        );
        await audit(db, { ...entry, detail: { ...entry.detail, hook: id } });
        return toHook(rows[0]!);
      }),
    deleteOutgoingHook: (id, entry) =>
      transaction(pool, async (db) => {
        const { rowCount } = await db.query('DELETE FROM outgoing_hooks WHERE id = $1', [id]);
        if (!rowCount) return false;
        await audit(db, { ...entry, detail: { ...entry.detail, hook: id } });
        return true;
      }),

    async outgoingCandidates(hookId, limit) {
      const { rows } = await pool.query<{
        id: Int8; conversation_id: Int8; name: string; thread_id: Int8; seq: Int8; kind: 'user' | 'system'; body: string;
        deleted_at: Int8 | null; created_at: Int8; author_id: Int8; username: string; mentions: string | null;
      }>(
        `SELECT m.id, m.conversation_id, c.name, m.thread_id, m.seq, m.kind, m.body, m.deleted_at, m.created_at, m.author_id,
                u.username, m.mentions
         FROM outgoing_hooks h
         JOIN conversations c ON c.id = h.channel_id OR (h.channel_id IS NULL AND c.kind = 'public')
         JOIN messages m ON m.conversation_id = c.id AND m.id > coalesce(
           (SELECT k.message_id FROM outgoing_cursors k WHERE k.hook_id = h.id AND k.conversation_id = c.id), h.start_message_id)
         JOIN users u ON u.id = m.author_id
         WHERE h.id = $1 AND h.enabled AND m.broadcast_root IS NULL -- a reply's copy in the channel fired as the reply
         ORDER BY m.id LIMIT $2`,
        [hookId, limit],
      );
      return rows.map((r) => ({
        messageId: Number(r.id),
        conversationId: Number(r.conversation_id),
        channelName: r.name,
        threadId: Number(r.thread_id),
        seq: Number(r.seq),
        kind: r.kind,
        body: r.body,
        deleted: r.deleted_at !== null,
        createdAt: Number(r.created_at),
        authorId: Number(r.author_id),
        authorName: r.username,
        mentions: mentionsFromJson(r.mentions).mentions,
      }));
    },

    enqueueOutgoing: (hookId, scanned, deliveries, options) =>
      transaction(pool, async (db) => {
        if (!(await hookRow(db, hookId, true))) return { queued: 0, dropped: 0 };
        const counted = await db.query<{ pending: Int8 }>(
          `SELECT count(*) AS pending FROM outgoing_deliveries WHERE hook_id = $1 AND status = 'pending'`,
          [hookId],
        );
        let pending = Number(counted.rows[0]!.pending);
        let queued = 0;
        let dropped = 0;
        for (const d of deliveries) {
          const full = pending >= options.pendingMax;
          const { rowCount } = await db.query(
            `INSERT INTO outgoing_deliveries (hook_id, message_id, conversation_id, thread_root_id, status, next_attempt_at, last_error, payload, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (hook_id, message_id) DO NOTHING`,
            [
              hookId, d.messageId, d.conversationId, d.threadRootId, full ? 'failed' : 'pending', full ? null : options.at,
              full ? `dropped: ${options.pendingMax} deliveries were already waiting` : null, d.payload, options.at,
            ],
          );
          if (rowCount && full) dropped++;
          else if (rowCount) (queued++, pending++);
        }
        for (const { conversationId, messageId } of scanned) {
          await db.query(
            `INSERT INTO outgoing_cursors (hook_id, conversation_id, message_id) VALUES ($1, $2, $3)
             ON CONFLICT (hook_id, conversation_id) DO UPDATE SET message_id = greatest(outgoing_cursors.message_id, excluded.message_id)`,
            [hookId, conversationId, messageId],
          );
        }
        await db.query(
          `DELETE FROM outgoing_deliveries WHERE hook_id = $1 AND status <> 'pending' AND id <= (
             SELECT id FROM outgoing_deliveries WHERE hook_id = $1 AND status <> 'pending' ORDER BY id DESC LIMIT 1 OFFSET $2)`,
          [hookId, options.logKept],
        );
        return { queued, dropped };
      }),

    async claimOutgoing({ now, leaseMs, limit, leaseToken }) {
      const { rows } = await pool.query<{
        id: Int8; hook_id: Int8; message_id: Int8; conversation_id: Int8; thread_root_id: Int8; attempts: number;
        payload: string; url: string; secret: string; poster_user_id: Int8;
      }>(
        `WITH due AS (
           SELECT d.id FROM outgoing_deliveries d
           WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
             AND EXISTS (SELECT 1 FROM outgoing_hooks h WHERE h.id = d.hook_id AND h.enabled)
           ORDER BY d.next_attempt_at LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE outgoing_deliveries d SET lease_until = $3, lease_token = $4, attempts = d.attempts + 1, updated_at = $1
         FROM due, outgoing_hooks h WHERE d.id = due.id AND h.id = d.hook_id
         RETURNING d.id, d.hook_id, d.message_id, d.conversation_id, d.thread_root_id, d.attempts, d.payload, h.url, h.secret, h.poster_user_id`,
        [now, limit, now + leaseMs, leaseToken],
      );
      return rows.map((r) => ({
        rowId: Number(r.id),
        id: deliveryId(Number(r.hook_id), Number(r.message_id)),
        hookId: Number(r.hook_id),
        messageId: Number(r.message_id),
        conversationId: Number(r.conversation_id),
        threadRootId: Number(r.thread_root_id),
        attempts: r.attempts,
        payload: r.payload,
        url: r.url,
        secret: r.secret,
        posterUserId: Number(r.poster_user_id),
        leaseToken,
      }));
    },

    async finishOutgoing(rowId, leaseToken, outcome, at) {
      const { rowCount } = await pool.query(
        `UPDATE outgoing_deliveries SET status = $1, next_attempt_at = $2, last_status = $3, last_error = $4, lease_until = NULL,
           lease_token = NULL, updated_at = $5
         WHERE id = $6 AND lease_token = $7`,
        [outcome.status, outcome.status === 'pending' ? outcome.nextAttemptAt : null, outcome.httpStatus, outcome.error ?? null, at, rowId, leaseToken],
      );
      return rowCount === 1;
    },

    async listOutgoingDeliveries(hookId, { before, limit }) {
      const { rows } = await pool.query<DeliveryRow>(
        'SELECT * FROM outgoing_deliveries WHERE hook_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3',
        [hookId, before ?? Number.MAX_SAFE_INTEGER, limit + 1],
      );
      const shown = rows.slice(0, limit);
      return { deliveries: shown.map(toDelivery), next: rows.length > limit ? Number(shown.at(-1)!.id) : null };
    },
  };
}
