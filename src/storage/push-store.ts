// Web Push (docs/PUSH.md): the installation's VAPID key pair, and each device's push subscription, kept with the
// session that made it, so signing out, a revoked session or a deactivation takes it away (ON DELETE CASCADE).
import type { NotifyLevel } from '../shared/protocol.js';

export interface VapidKeys {
  /** base64url: the uncompressed P-256 public key (65 bytes) and the private scalar (32 bytes). */
  publicKey: string;
  privateKey: string;
}

export interface NewPushSubscription {
  userId: number;
  /** The session that subscribed: the subscription ends with it. */
  tokenHash: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string;
  createdAt: number;
}

export interface PushSubscriptionRecord {
  id: number;
  userId: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string;
  createdAt: number;
  lastSuccessAt: number | null;
}

/** A subscription of a member of a conversation, with what decides whether a message notifies them. */
export interface PushAudienceRow {
  subscription: PushSubscriptionRecord;
  /** The member's level here (null: their default), mute, and defaults (null: the built-in one). */
  notify: NotifyLevel | null;
  muted: boolean;
  defaults: { dm: NotifyLevel | null; channel: NotifyLevel | null };
  /** For a reply: whether they follow its thread. */
  follows: boolean;
}

export interface PushStore {
  /** Stores `candidate` unless a key pair is stored already; returns the stored one (two nodes at once: the same). */
  pushKeys(candidate: VapidKeys): Promise<VapidKeys>;
  /**
   * Stores the subscription (an endpoint already stored is taken over: keys, user and session replaced), then keeps
   * only the user's `max` newest.
   */
  addPushSubscription(subscription: NewPushSubscription, max: number): Promise<PushSubscriptionRecord>;
  /** The user's own subscription, by endpoint or id; false if they have no such one. */
  removePushSubscription(userId: number, which: { endpoint: string } | { id: number }): Promise<boolean>;
  /** Newest first. */
  listPushSubscriptions(userId: number): Promise<PushSubscriptionRecord[]>;
  /** Every subscription of an active member of the conversation, now; `rootId`: a reply's thread (for `follows`). */
  pushAudience(conversationId: number, rootId: number | null): Promise<PushAudienceRow[]>;
  pushDelivered(id: number, at: number): Promise<void>;
  /** The push service said it is gone (404/410). */
  deletePushSubscription(id: number): Promise<void>;
}
