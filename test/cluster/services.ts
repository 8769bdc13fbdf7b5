// What the cluster tests run on: a Redis server of their own (they restart it, so it must not be the one other test
// files share), a fresh PostgreSQL database, nginx, and free ports. Anything missing fails the file in CI and skips
// it, loudly, elsewhere.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { Redis } from 'ioredis';
import { it } from 'vitest';

const POSTGRES_ADMIN_URL = process.env.FLACK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

/** Why each service is unusable here (empty when all are fine). */
export async function missingServices(needs: { nginx?: boolean; postgres?: boolean } = {}): Promise<string[]> {
  const missing: string[] = [];
  if (spawnSync(REDIS_SERVER, ['--version']).status !== 0) missing.push(`${REDIS_SERVER} not found (set REDIS_SERVER)`);
  if (needs.nginx && spawnSync(NGINX, ['-v']).status !== 0) missing.push(`${NGINX} not found (set NGINX)`);
  if (needs.postgres === false) return missing;
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    missing.push(`PostgreSQL unreachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}; set FLACK_TEST_POSTGRES)`);
  } finally {
    await client.end().catch(() => {});
  }
  return missing;
}

/** Registers the tests when everything is there; otherwise one failing (CI) or skipped test that says why. */
export function withServices(missing: string[], register: () => void): void {
  if (missing.length === 0) return register();
  const why = missing.join('; ');
  if (process.env.CI === 'true') {
    it('has Redis, PostgreSQL and nginx (required in CI)', () => {
      throw new Error(why);
    });
  } else {
    console.warn(`[cluster tests] skipping: ${why}`);
    it.skip(`cluster tests skipped: ${why}`, () => {});
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** A redis-server child on a free port, without persistence, that can be shut down and started again. */
export interface RedisServer {
  url: string;
  port: number;
  /** Like a crash that loses every key: SHUTDOWN NOSAVE. */
  shutdown(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(REDIS_SERVER, ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await eventually(() => ping(url), 5000, `redis-server on ${port}`);
  };
  const shutdown = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => {});
    await client.connect().then(() => client.call('SHUTDOWN', 'NOSAVE')).catch(() => {});
    client.disconnect();
    await Promise.race([exited, sleep(2000)]);
    if (running.exitCode === null) running.kill('SIGKILL');
  };
  await start();
  return { url, port, shutdown, start, stop: shutdown };
}

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, connectTimeout: 500 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A database of its own on the test PostgreSQL server, dropped (with its connections) by drop(). */
export async function createDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `flack_${label}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
