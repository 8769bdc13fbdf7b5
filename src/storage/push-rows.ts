// The rows of push_subscriptions as both stores read them (src/storage/push-store.ts).
import type { NotifyLevel } from '../shared/protocol.js';
import type { PushAudienceRow, PushSubscriptionRecord } from './push-store.js';

export interface SubscriptionRow {
  id: number;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string;
  created_at: number;
  last_success_at: number | null;
}

export const PUSH_COLUMNS = 'p.id, p.user_id, p.endpoint, p.p256dh, p.auth, p.user_agent, p.created_at, p.last_success_at';

export const toSubscription = (r: SubscriptionRow): PushSubscriptionRecord => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  endpoint: r.endpoint,
  p256dh: r.p256dh,
  auth: r.auth,
  userAgent: r.user_agent,
  createdAt: Number(r.created_at),
  lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
});

export interface AudienceRow extends SubscriptionRow {
  notify: NotifyLevel | null;
  muted: number | boolean;
  notify_dm: NotifyLevel | null;
  notify_channel: NotifyLevel | null;
  follows: number | boolean;
}

export const toAudience = (r: AudienceRow): PushAudienceRow => ({
  subscription: toSubscription(r),
  notify: r.notify,
  muted: Boolean(r.muted),
  defaults: { dm: r.notify_dm, channel: r.notify_channel },
  follows: Boolean(r.follows),
});
