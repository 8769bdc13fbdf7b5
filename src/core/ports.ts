// What the domain core needs from the outside world. Transport and storage implement these; the core imports
// no socket, SQL or environment.
import type { PushPayload, ServerToClientEvents } from '../shared/protocol.js';
import type { ServerStats } from '../shared/admin.js';
import type { SignUpMode } from '../shared/roles.js';
import type { Storage } from '../storage/storage.js';

/**
 * Who receives an event: members of a conversation, some users (all their devices), every signed-in user, or a
 * public channel's audience: everyone whose role may browse channels, and its members (guests among them), each once.
 */
export type Audience = { conversation: number } | { users: number[] } | 'everyone' | { publicChannel: number };

export type ServerEvent = keyof ServerToClientEvents;
export type EventArgs<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>;

/** The one way the core tells clients about a change. Implemented on Socket.IO rooms (and Redis across nodes). */
export interface Fanout {
  send<E extends ServerEvent>(audience: Audience, event: E, ...args: EventArgs<E>): void;
  /** Make every live socket of the user (on any node) receive / stop receiving a conversation's events. */
  subscribe(userId: number, conversationId: number): void;
  unsubscribe(userId: number, conversationId: number): void;
  /** Every live socket leaves a conversation's room (it was deleted). */
  closeRoom(conversationId: number): void;
  /** Close the live sockets of one session, or of every session of a user. */
  disconnectSession(tokenHash: string): void;
  disconnectUser(userId: number): void;
}

export interface Presence {
  onlineUserIds(): Promise<Set<number>>;
  /** Which of these people are online: costs what the list costs, not what the workspace does. */
  onlineAmong(userIds: number[]): Promise<Set<number>>;
}

/** The bytes of uploaded files (their rows are in Storage). */
export interface FileBytes {
  remove(ids: string[]): Promise<void>;
  /** Ids of the files stored before `before` (ms): the sweep removes those without a row. */
  listOlderThan(before: number): Promise<string[]>;
}

/** The installation's settings the rules need, from the environment (the admin console's are in Storage). */
export interface Settings {
  /** SIGNUP_MODE: when set, it is the sign-up mode and the console cannot change it. */
  signUpModeLock: SignUpMode | null;
  /** A session unused this long has expired (SESSION_IDLE_DAYS). */
  sessionIdleMs: number;
  /** MAX_UPLOAD_MB: the largest upload the server takes; the console may choose less. */
  maxUploadBytes: number;
  /** What one person's files may take in all (UPLOAD_QUOTA_MB); null: no limit. */
  uploadQuotaBytes: number | null;
  /** WEBHOOK_ALLOW_PRIVATE: outgoing webhooks may target loopback and private addresses (self-hosted tools). */
  webhookAllowPrivate?: boolean;
  /** PUSH_ALLOW_HTTP, for tests only: push endpoints may be http:// (a local push service). */
  pushAllowHttp?: boolean;
}

/** Where outgoing webhooks may point (the server resolves the host: src/server/outgoing/ssrf-guard.ts). */
export interface WebhookTargets {
  /** Why `url` may not be a webhook's target, or null when it may. */
  refusal(url: string, allowPrivate: boolean): Promise<string | null>;
}

/**
 * Asks a custom slash command's webhook for its answer: a signed POST to a target that passes the SSRF rule, with a
 * short timeout (src/server/outgoing/send.ts). Never throws: a failure is a value.
 */
export interface CommandCalls {
  call(request: { id: string; url: string; secret: string; body: string }): Promise<{ ok: true; body: string } | { ok: false; error: string }>;
}

/** This node's live numbers, for the admin console (the server keeps them; the core only lets admins read them). */
export interface Stats {
  read(): Promise<ServerStats>;
}

/** One encrypted notification to send: to whom (their subscription), what. */
export interface PushDelivery {
  subscription: { id: number; endpoint: string; p256dh: string; auth: string };
  payload: PushPayload;
}

/** Web Push (server/push/): work that must never hold up the action that caused it. */
export interface Pusher {
  /** Runs `job` later, bounded, and sends what it returns; never waits, never throws (failures are logged). */
  later(job: () => Promise<PushDelivery[]>): void;
}

export interface CoreDeps {
  stats: Stats;
  settings: Settings;
  storage: Storage;
  fileBytes: FileBytes;
  fanout: Fanout;
  presence: Presence;
  /** Absent: this server cannot check webhook targets, so none can be created. */
  webhookTargets?: WebhookTargets;
  /** Absent: custom slash commands cannot run here. */
  commandCalls?: CommandCalls;
  /** Absent: nothing is pushed (tests and tools that need no Web Push). */
  push?: Pusher;
  now: () => number;
  /** scrypt's cost N for new password hashes; absent: PASSWORD_COST. Only the test suite lowers it. */
  passwordCost?: number;
}
