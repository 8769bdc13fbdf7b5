// Outgoing webhooks: the hooks, and their deliveries as a persisted, bounded queue (src/server/outgoing/).
// A delivery is one row per (hook, message), UNIQUE, so nothing is queued twice. New messages are found through a
// cursor per hook and conversation over message ids, advanced in the transaction that queues their deliveries: a
// message stored just before a crash is found after the restart, and one found twice is queued once.
// (Within a conversation ids grow in commit order: every insert ticks the conversation's row first, under its lock.)
import type { DeliveryStatus, OutgoingDelivery, OutgoingHook, OutgoingTrigger } from '../shared/outgoing.js';
import type { NewAuditEntry } from './workspace-store.js';

export interface OutgoingHookRecord extends OutgoingHook {
  /** Stored as-is: every delivery is signed with it. */
  secret: string;
}

export type NewOutgoingHook = Omit<OutgoingHookRecord, 'id' | 'enabled'>;

export interface OutgoingHookChange {
  name?: string;
  url?: string;
  channelId?: number | null;
  trigger?: OutgoingTrigger;
  words?: string[];
  posterUserId?: number;
  enabled?: boolean;
  secret?: string;
}

/** A message stored after the hook's cursor in a conversation it watches (system messages too: the cursor passes them). */
export interface OutgoingCandidate {
  messageId: number;
  conversationId: number;
  channelName: string;
  /** 0 for a top-level message. */
  threadId: number;
  seq: number;
  kind: 'user' | 'system';
  body: string;
  deleted: boolean;
  createdAt: number;
  authorId: number;
  authorName: string;
  mentions: number[];
}

export interface NewDelivery {
  messageId: number;
  conversationId: number;
  /** The thread a threaded reply goes to: the message's root, or the message itself. */
  threadRootId: number;
  payload: string;
}

/** A delivery leased to one sender until `now + leaseMs`; `leaseToken` must be given back to finish it. */
export interface ClaimedDelivery {
  rowId: number;
  id: string;
  hookId: number;
  messageId: number;
  conversationId: number;
  threadRootId: number;
  attempts: number;
  payload: string;
  url: string;
  secret: string;
  posterUserId: number;
  leaseToken: string;
}

export type DeliveryOutcome =
  | { status: 'delivered'; httpStatus: number; error?: string | null }
  | { status: 'pending'; nextAttemptAt: number; httpStatus: number | null; error: string }
  | { status: 'failed'; httpStatus: number | null; error: string };

export interface OutgoingStore {
  createOutgoingHook(hook: NewOutgoingHook, audit: NewAuditEntry): Promise<OutgoingHookRecord>;
  listOutgoingHooks(): Promise<OutgoingHookRecord[]>;
  getOutgoingHook(id: number): Promise<OutgoingHookRecord | null>;
  /** Null (nothing written) when there is no such hook. */
  updateOutgoingHook(id: number, change: OutgoingHookChange, audit: NewAuditEntry): Promise<OutgoingHookRecord | null>;
  /** With its deliveries. False when there was no such hook. */
  deleteOutgoingHook(id: number, audit: NewAuditEntry): Promise<boolean>;

  /** An enabled hook's messages after its cursors (messages stored before it was created never), by id, at most `limit`. */
  outgoingCandidates(hookId: number, limit: number): Promise<OutgoingCandidate[]>;
  /**
   * In one transaction: queues `deliveries` (one already queued is left as it is) — beyond `pendingMax` pending
   * ones of the hook, as failed ("dropped") instead — moves the hook's cursor of each conversation in `scanned`
   * (only forward), and trims its finished deliveries to the newest `logKept`. Nothing, for a hook deleted meanwhile.
   */
  enqueueOutgoing(
    hookId: number,
    scanned: { conversationId: number; messageId: number }[],
    deliveries: NewDelivery[],
    options: { at: number; pendingMax: number; logKept: number },
  ): Promise<{ queued: number; dropped: number }>;
  /**
   * Leases up to `limit` pending deliveries of enabled hooks that are due at `now` and not leased by anyone else
   * (a lease expires at `now + leaseMs`), counting an attempt for each; on PostgreSQL two nodes never get one row.
   */
  claimOutgoing(options: { now: number; leaseMs: number; limit: number; leaseToken: string }): Promise<ClaimedDelivery[]>;
  /** Records an attempt's outcome and ends the lease; false (nothing written) when the lease is no longer `leaseToken`'s. */
  finishOutgoing(rowId: number, leaseToken: string, outcome: DeliveryOutcome, at: number): Promise<boolean>;
  /** The hook's deliveries, newest first: row ids below `before`, at most `limit`; `next` for the page after. */
  listOutgoingDeliveries(hookId: number, page: { before?: number; limit: number }): Promise<{ deliveries: OutgoingDelivery[]; next: number | null }>;
}

export const deliveryId = (hookId: number, messageId: number): string => `${hookId}:${messageId}`;
export type { DeliveryStatus };
