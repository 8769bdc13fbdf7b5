// Outgoing webhooks as admins see them (docs/OUTGOING-WEBHOOKS.md): a hook POSTs signed JSON about new messages
// in a channel to a URL, and may answer with a reply that Flack posts as the hook's poster.

/**
 * 'message': every message; 'mention': messages that mention the poster; 'words': messages that start with one of
 * `words`; 'command': no message — the slash command `/<words[0]>`, which people run from the composer and the hook
 * answers at once (src/core/commands.ts).
 */
export type OutgoingTrigger = 'message' | 'mention' | 'words' | 'command';

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

/** What Flack POSTs when someone runs a custom slash command (signed like a delivery). */
export interface CommandPayload {
  /** Unique per run: the Idempotency-Key header; an `in_channel` answer is posted once under it. */
  id: string;
  hook: { id: number; name: string };
  /** Without the "/". */
  command: string;
  /** What followed the command ("/weather Paris" → "Paris"). */
  text: string;
  channel: { id: number; name: string; kind: 'public' | 'private' | 'dm' };
  /** The thread it was run in, if any. */
  threadId: number | null;
  user: { id: number; username: string };
}

/** A custom slash command, as the composer lists it. */
export interface CustomCommand {
  name: string;
  /** The hook's name, shown beside the command. */
  description: string;
  /** Where it runs: one channel, or (null) everywhere. */
  channelId: number | null;
}

/** The answer to `command:run`: shown only to you ('ephemeral'), or posted in the conversation as the hook's poster. */
export interface CommandAnswer {
  visibility: 'ephemeral' | 'channel';
  text: string;
  /** The message posted, for a 'channel' answer. */
  messageId?: number;
}

/** The names of the built-in commands (src/web/state/slashCommands.ts): a custom command cannot take one. */
export const BUILT_IN_COMMAND_NAMES = ['me', 'shrug', 'topic', 'invite', 'leave', 'mute'] as const;
export const COMMAND_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

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
