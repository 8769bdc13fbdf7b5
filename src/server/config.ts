// Configuration comes from environment variables only; every one has a default that works on a laptop.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  WEB_DIR: z.string().default('./dist/web'),
});

export interface Config {
  port: number;
  host: string;
  /** SQLite file lives here (flack.db) when no databaseUrl is set. */
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  /** The address users type, e.g. https://chat.example.com. Sets the allowed Origin and Secure cookies. */
  publicUrl?: string;
  logLevel: string;
  rateLimits: boolean;
  trustProxy: boolean;
  webDir: string;
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
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    redisUrl: e.REDIS_URL || undefined,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    rateLimits: e.RATE_LIMITS === 'on',
    trustProxy: e.TRUST_PROXY === 'true',
    webDir: resolve(e.WEB_DIR),
    nodeId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
  };
}
