// Configuration comes from environment variables only; every one has a default that works on a laptop.
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { SignUpMode } from '../shared/roles.js';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  REDIS_PREFIX: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SIGNUPS_PER_IP: z
    .string()
    .regex(/^\d+\/\d+$/, 'at once/per hour, e.g. 30/60')
    .optional(),
  WEB_DIR: z.string().default('./dist/web'),
  FILES_DIR: z.string().optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(10_240).default(25),
  UPLOAD_QUOTA_MB: z.coerce.number().positive().optional(),
  SIGNUP_MODE: z.enum(['open', 'invite', 'closed']).optional(),
  SESSION_IDLE_DAYS: z.coerce.number().positive().max(3650).default(30),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{87}$/, 'base64url of 65 bytes').optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'base64url of 32 bytes').optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, 'a mailto: or https: URL').optional(),
  PUSH_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  port: number;
  host: string;
  /** SQLite file lives here (flack.db) when no databaseUrl is set. */
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  /** What every Redis key of this installation starts with; unset: derived from the database (redisKeyPrefix). */
  redisPrefix?: string;
  /** The address users type, e.g. https://chat.example.com. Sets the allowed Origin and Secure cookies. */
  publicUrl?: string;
  logLevel: string;
  rateLimits: boolean;
  /** New accounts from one address: `burst` at once, then `perHour` (SIGNUPS_PER_IP); unset: the default rule. */
  signUpsPerIp?: { burst: number; perHour: number };
  trustProxy: boolean;
  webDir: string;
  /** Uploaded files' bytes (FILES_DIR, default DATA_DIR/files): every node of a cluster must share it. */
  filesDir: string;
  /** The largest upload, in bytes (MAX_UPLOAD_MB). */
  maxUploadBytes: number;
  /** What one person's files may take in all, in bytes (UPLOAD_QUOTA_MB); null: no limit. */
  uploadQuotaBytes: number | null;
  /** SIGNUP_MODE: fixes the sign-up mode (the admin console cannot change it); unset: the console decides. */
  signUpMode?: SignUpMode;
  /** A session unused this long (SESSION_IDLE_DAYS, default 30) has expired. */
  sessionIdleMs: number;
  /**
   * A connected socket's session is checked again at its first event after this long (5 minutes; not an
   * environment variable): a long-lived socket keeps its session from expiring, and one whose session ended
   * without its close reaching this node (a Redis message lost in an outage) is closed within this time.
   */
  sessionRecheckMs: number;
  /**
   * WEBHOOK_ALLOW_PRIVATE: outgoing webhooks may target loopback, private and link-local addresses (tools on the
   * same network); off by default, so that no admin can make the server reach what only it can reach.
   */
  webhookAllowPrivate: boolean;
  /**
   * How long one node holds an outgoing delivery it is sending (1 minute; not an environment variable): past it,
   * another node (or this one after a restart) may send it again. Far above the 5 s a send may take.
   */
  outgoingLeaseMs: number;
  /** scrypt's cost for new password hashes (not an environment variable): unset, 2^15. The test suite lowers it. */
  passwordCost?: number;
  /** Web Push's VAPID key pair (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY); unset: made on the first start and stored. */
  vapidKeys?: { publicKey: string; privateKey: string };
  /** VAPID_SUBJECT: a contact for the push services; unset: PUBLIC_URL, else a placeholder. */
  vapidSubject: string;
  /** PUSH_ALLOW_HTTP=true, for tests only: push endpoints may be http:// (a local push service). */
  pushAllowHttp: boolean;
  /** A name for this node in logs and metrics. */
  nodeId: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) throw new Error('Invalid configuration: set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    redisUrl: e.REDIS_URL || undefined,
    redisPrefix: e.REDIS_PREFIX || undefined,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    rateLimits: e.RATE_LIMITS === 'on',
    ...(e.SIGNUPS_PER_IP && {
      signUpsPerIp: { burst: Number(e.SIGNUPS_PER_IP.split('/')[0]), perHour: Number(e.SIGNUPS_PER_IP.split('/')[1]) },
    }),
    trustProxy: e.TRUST_PROXY === 'true',
    webDir: resolve(e.WEB_DIR),
    filesDir: resolve(e.FILES_DIR ?? `${e.DATA_DIR}/files`),
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    uploadQuotaBytes: e.UPLOAD_QUOTA_MB === undefined ? null : Math.round(e.UPLOAD_QUOTA_MB * 1024 * 1024),
    ...(e.SIGNUP_MODE && { signUpMode: e.SIGNUP_MODE }),
    sessionIdleMs: Math.round(e.SESSION_IDLE_DAYS * 24 * 3600_000),
    sessionRecheckMs: 5 * 60_000,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true',
    outgoingLeaseMs: 60_000,
    ...(e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY && { vapidKeys: { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY } }),
    vapidSubject: e.VAPID_SUBJECT ?? (e.PUBLIC_URL?.startsWith('https:') ? e.PUBLIC_URL : 'mailto:admin@flack.invalid'),
    pushAllowHttp: e.PUSH_ALLOW_HTTP === 'true',
    nodeId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
  };
}

/**
 * REDIS_PREFIX, or one derived from the database: `flack:<database name>:` on PostgreSQL, `flack:sqlite-<hash of
 * DATA_DIR>:` on SQLite. Nodes of one installation share their database and so their keys; two installations
 * given the same Redis have different databases and never see each other's events, presence or rate limits.
 */
export function redisKeyPrefix(config: Pick<Config, 'redisPrefix' | 'databaseUrl' | 'dataDir'>): string {
  if (config.redisPrefix) return config.redisPrefix;
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    // As libpq: no database in the URL means the one named like the user.
    const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
    return `flack:${database}:`;
  }
  return `flack:sqlite-${createHash('sha256').update(config.dataDir).digest('hex').slice(0, 12)}:`;
}
