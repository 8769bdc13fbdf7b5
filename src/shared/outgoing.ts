// Outgoing webhooks as admins see them (docs/OUTGOING-WEBHOOKS.md): a hook POSTs signed JSON about new messages
// in a channel to a URL, and may answer with a reply that Flack posts as the hook's poster.

/** 'message': every message; 'mention': messages that mention the poster; 'words': messages that start with one of `words`. */
export type OutgoingTrigger = 'message' | 'mention' | 'words';

export interface OutgoingHook {
  id: number;
  name: string;
  url: string;
  /** The channel it watches; null: every public channel. */
  channelId: number | null;
  trigger: OutgoingTrigger;
  words: string[];
  /** Whose name replies are posted as (and whose own messages never fire the hook). */
  posterUserId: number;
  enabled: boolean;
  createdBy: number;
  createdAt: number;
}

/** Pending: waiting for its next attempt (or being sent); delivered: a 2xx answer; failed: given up, or dropped. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface OutgoingDelivery {
  /** `${hookId}:${messageId}`: the payload's `id` and the Idempotency-Key header, the same on every attempt. */
  id: string;
  hookId: number;
  messageId: number;
  status: DeliveryStatus;
  attempts: number;
  /** A pending delivery's next attempt. */
  nextAttemptAt: number | null;
  /** The last answer's HTTP status (null: none, e.g. a timeout). */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What Flack POSTs (the raw body is what the signature covers). */
export interface OutgoingPayload {
  id: string;
  hook: { id: number; name: string };
  channel: { id: number; name: string };
  message: {
    id: number;
    seq: number;
    /** The thread's root for a reply; null for a top-level message. */
    threadId: number | null;
    text: string;
    createdAt: number;
    author: { id: number; username: string };
  };
  /** The word that fired a 'words' hook. */
  trigger?: string;
}

export const OUTGOING_LIMITS = {
  hooksMax: 100,
  nameMax: 80,
  urlMax: 2000,
  wordsMax: 20,
  wordMax: 50,
  /** Pending deliveries per hook; events beyond are recorded as failed ("dropped"), not queued. */
  pendingMax: 1000,
  /** Finished deliveries kept per hook for the log; older ones are deleted. */
  logKept: 1000,
  deliveriesPage: 50,
} as const;
