// Outgoing webhooks on SQLite (src/storage/outgoing-store.ts). One writer: a claim is one UPDATE, so two
// connections never lease the same row.
import type { OutgoingDelivery } from '../../shared/outgoing.js';
import { mentionsFromJson } from '../mentions-json.js';
import { deliveryId, type OutgoingHookRecord, type OutgoingStore } from '../outgoing-store.js';
import type { NewAuditEntry } from '../workspace-store.js';
import type { SqliteDb } from './db.js';

interface HookRow {
  id: number;
  name: string;
  url: string;
  channel_id: number | null;
  trigger: OutgoingHookRecord['trigger'];
  words: string;
  poster_user_id: number;
  secret: string;
  enabled: number;
  created_by: number;
  created_at: number;
}

const toHook = (row: HookRow): OutgoingHookRecord => ({
  id: row.id,
  name: row.name,
  url: row.url,
  channelId: row.channel_id,
  trigger: row.trigger,
  words: JSON.parse(row.words) as string[],
  posterUserId: row.poster_user_id,
  enabled: row.enabled === 1,
  secret: row.secret,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

interface DeliveryRow {
  id: number;
  hook_id: number;
  message_id: number;
  status: OutgoingDelivery['status'];
  attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

const toDelivery = (row: DeliveryRow): OutgoingDelivery => ({
  id: deliveryId(row.hook_id, row.message_id),
  hookId: row.hook_id,
  messageId: row.message_id,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
  lastStatus: row.last_status,
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function outgoingStore(s: SqliteDb): OutgoingStore {
  const audit = (entry: NewAuditEntry) =>
    s
      .sql('INSERT INTO audit_log (at, actor_id, action, target_user_id, detail) VALUES (?, ?, ?, ?, ?)')
      .run(entry.at, entry.actorId, entry.action, entry.targetUserId ?? null, JSON.stringify(entry.detail ?? {}));
  const hookRow = (id: number) => s.sql('SELECT * FROM outgoing_hooks WHERE id = ?').get(id) as HookRow | undefined;

  const create = s.db.transaction((hook: Parameters<OutgoingStore['createOutgoingHook']>[0], entry: NewAuditEntry) => {
    const { start } = s.sql('SELECT coalesce(max(id), 0) AS start FROM messages').get() as { start: number };
    const row = s
      .sql(
        `INSERT INTO outgoing_hooks (name, url, channel_id, trigger, words, poster_user_id, secret, start_message_id, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(hook.name, hook.url, hook.channelId, hook.trigger, JSON.stringify(hook.words), hook.posterUserId, hook.secret, start, hook.createdBy, hook.createdAt) as HookRow;
    audit({ ...entry, detail: { ...entry.detail, hook: row.id } });
    return toHook(row);
  });

  const update = s.db.transaction((id: number, change: Parameters<OutgoingStore['updateOutgoingHook']>[1], entry: NewAuditEntry) => {
    const row = hookRow(id);
    if (!row) return null;
    const current = toHook(row);
    const next = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
    s.sql(
      `UPDATE outgoing_hooks SET name = ?, url = ?, channel_id = ?, trigger = ?, words = ?, poster_user_id = ?, enabled = ?, secret = ?
       WHERE id = ?`,
    ).run(next.name, next.url, next.channelId, next.trigger, JSON.stringify(next.words), next.posterUserId, next.enabled ? 1 : 0, next.secret, id);
    audit({ ...entry, detail: { ...entry.detail, hook: id } });
    return toHook(hookRow(id)!);
  });

  const remove = s.db.transaction((id: number, entry: NewAuditEntry) => {
    if (s.sql('DELETE FROM outgoing_hooks WHERE id = ?').run(id).changes === 0) return false;
    audit({ ...entry, detail: { ...entry.detail, hook: id } });
    return true;
  });

  const enqueue = s.db.transaction(
    (hookId: number, scanned: Parameters<OutgoingStore['enqueueOutgoing']>[1], deliveries: Parameters<OutgoingStore['enqueueOutgoing']>[2], options: Parameters<OutgoingStore['enqueueOutgoing']>[3]) => {
      if (!hookRow(hookId)) return { queued: 0, dropped: 0 };
      let { pending } = s.sql(`SELECT count(*) AS pending FROM outgoing_deliveries WHERE hook_id = ? AND status = 'pending'`).get(hookId) as { pending: number };
      let queued = 0;
      let dropped = 0;
      const insert = s.sql(
        `INSERT INTO outgoing_deliveries (hook_id, message_id, conversation_id, thread_root_id, status, next_attempt_at, last_error, payload, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hook_id, message_id) DO NOTHING`,
      );
      for (const d of deliveries) {
        const full = pending >= options.pendingMax;
        const error = full ? `dropped: ${options.pendingMax} deliveries were already waiting` : null;
        const inserted = insert.run(hookId, d.messageId, d.conversationId, d.threadRootId, full ? 'failed' : 'pending', full ? null : options.at, error, d.payload, options.at, options.at).changes;
        if (inserted && full) dropped++;
        else if (inserted) (queued++, pending++);
      }
      const advance = s.sql(
        `INSERT INTO outgoing_cursors (hook_id, conversation_id, message_id) VALUES (?, ?, ?)
         ON CONFLICT (hook_id, conversation_id) DO UPDATE SET message_id = max(message_id, excluded.message_id)`,
      );
      for (const { conversationId, messageId } of scanned) advance.run(hookId, conversationId, messageId);
      s.sql(
        `DELETE FROM outgoing_deliveries WHERE hook_id = ? AND status <> 'pending' AND id <= (
           SELECT id FROM outgoing_deliveries WHERE hook_id = ? AND status <> 'pending' ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      ).run(hookId, hookId, options.logKept);
      return { queued, dropped };
    },
  );

  return {
    createOutgoingHook: async (hook, entry) => create(hook, entry),
    listOutgoingHooks: async () => (s.sql('SELECT * FROM outgoing_hooks ORDER BY id').all() as HookRow[]).map(toHook),
    getOutgoingHook: async (id) => {
      const row = hookRow(id);
      return row ? toHook(row) : null;
    },
    updateOutgoingHook: async (id, change, entry) => update(id, change, entry),
    deleteOutgoingHook: async (id, entry) => remove(id, entry),

    async outgoingCandidates(hookId, limit) {
      const rows = s
        .sql(
          `SELECT m.id, m.conversation_id, c.name, m.thread_id, m.seq, m.kind, m.body, m.deleted_at, m.created_at, m.author_id,
                  u.username, m.mentions
           FROM outgoing_hooks h
           JOIN conversations c ON c.id = h.channel_id OR (h.channel_id IS NULL AND c.kind = 'public')
           JOIN messages m ON m.conversation_id = c.id AND m.id > coalesce(
             (SELECT k.message_id FROM outgoing_cursors k WHERE k.hook_id = h.id AND k.conversation_id = c.id), h.start_message_id)
           JOIN users u ON u.id = m.author_id
           WHERE h.id = ? AND h.enabled = 1 AND m.broadcast_root IS NULL -- a reply's copy in the channel fired as the reply
           ORDER BY m.id LIMIT ?`,
        )
        .all(hookId, limit) as {
        id: number; conversation_id: number; name: string; thread_id: number; seq: number; kind: 'user' | 'system'; body: string;
        deleted_at: number | null; created_at: number; author_id: number; username: string; mentions: string | null;
      }[];
      return rows.map((r) => ({
        messageId: r.id,
        conversationId: r.conversation_id,
        channelName: r.name,
        threadId: r.thread_id,
        seq: r.seq,
        kind: r.kind,
        body: r.body,
        deleted: r.deleted_at !== null,
        createdAt: r.created_at,
        authorId: r.author_id,
        authorName: r.username,
        mentions: mentionsFromJson(r.mentions).mentions,
      }));
    },
    enqueueOutgoing: async (hookId, scanned, deliveries, options) => enqueue(hookId, scanned, deliveries, options),

    async claimOutgoing({ now, leaseMs, limit, leaseToken }) {
      const rows = s
        .sql(
          `UPDATE outgoing_deliveries SET lease_until = ?, lease_token = ?, attempts = attempts + 1, updated_at = ?
           WHERE id IN (
             SELECT d.id FROM outgoing_deliveries d JOIN outgoing_hooks h ON h.id = d.hook_id
             WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?) AND h.enabled = 1
             ORDER BY d.next_attempt_at LIMIT ?)
           RETURNING id, hook_id, message_id, conversation_id, thread_root_id, attempts, payload,
             (SELECT url FROM outgoing_hooks WHERE id = hook_id) AS url,
             (SELECT secret FROM outgoing_hooks WHERE id = hook_id) AS secret,
             (SELECT poster_user_id FROM outgoing_hooks WHERE id = hook_id) AS poster`,
        )
        .all(now + leaseMs, leaseToken, now, now, now, limit) as {
        id: number; hook_id: number; message_id: number; conversation_id: number; thread_root_id: number; attempts: number;
        payload: string; url: string; secret: string; poster: number;
      }[];
      return rows.map((r) => ({
        rowId: r.id,
        id: deliveryId(r.hook_id, r.message_id),
        hookId: r.hook_id,
        messageId: r.message_id,
        conversationId: r.conversation_id,
        threadRootId: r.thread_root_id,
        attempts: r.attempts,
        payload: r.payload,
        url: r.url,
        secret: r.secret,
        posterUserId: r.poster,
        leaseToken,
      }));
    },

    async finishOutgoing(rowId, leaseToken, outcome, at) {
      return (
        s
          .sql(
            `UPDATE outgoing_deliveries SET status = ?, next_attempt_at = ?, last_status = ?, last_error = ?, lease_until = NULL,
               lease_token = NULL, updated_at = ?
             WHERE id = ? AND lease_token = ?`,
          )
          .run(outcome.status, outcome.status === 'pending' ? outcome.nextAttemptAt : null, outcome.httpStatus, outcome.error ?? null, at, rowId, leaseToken)
          .changes === 1
      );
    },

    async listOutgoingDeliveries(hookId, { before, limit }) {
      const rows = s
        .sql('SELECT * FROM outgoing_deliveries WHERE hook_id = ? AND id < ? ORDER BY id DESC LIMIT ?')
        .all(hookId, before ?? Number.MAX_SAFE_INTEGER, limit + 1) as DeliveryRow[];
      const shown = rows.slice(0, limit);
      return { deliveries: shown.map(toDelivery), next: rows.length > limit ? shown.at(-1)!.id : null };
    },
  };
}
