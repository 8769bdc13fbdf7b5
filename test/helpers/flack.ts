// Test helpers: a real Flack server on a random port with its own data directory, and real socket.io clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { startFlack, type RunningFlack } from '../../src/server/app.js';
import { loadConfig, type Config } from '../../src/server/config.js';
import type {
  Ack,
  ApiError,
  AuthReply,
  ChangeBatch,
  ClientToServerEvents,
  Message,
  ServerToClientEvents,
} from '../../src/shared/protocol.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer extends RunningFlack {
  config: Config;
  /** Stop (gracefully) and start again on the same data and port. */
  restart(): Promise<TestServer>;
  /** Stop and delete the data directory. */
  close(): Promise<void>;
}

/**
 * Starts Flack in this process. By default on SQLite in a temp dir; in the `postgres+redis` test project
 * (FLACK_TEST_STORE=postgres, FLACK_TEST_REDIS=redis://…) on a fresh PostgreSQL database of its own, dropped on
 * close, and in cluster mode on an emptied Redis database.
 */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'flack-test-'));
  const ownDatabase =
    overrides.databaseUrl === undefined && process.env.FLACK_TEST_STORE === 'postgres' ? await createTestDatabase() : undefined;
  const redisUrl = overrides.redisUrl ?? (process.env.FLACK_TEST_REDIS ? await emptyRedisDatabase(process.env.FLACK_TEST_REDIS) : undefined);
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    rateLimits: false,
    // Tests sign up many people without invites; the door's own tests pass `signUpMode: undefined`.
    signUpMode: 'open',
    // scrypt at 2^10 rather than 2^15: hundreds of sign-ups a run; the hashing test asks for the real cost.
    passwordCost: 1 << 10,
    ...(ownDatabase && { databaseUrl: ownDatabase.url }),
    ...(redisUrl && { redisUrl }),
    ...overrides,
    dataDir,
    filesDir: overrides.filesDir ?? join(dataDir, 'files'),
  };
  const running = await startFlack(config);
  const server: TestServer = {
    ...running,
    config: { ...config, port: running.port },
    restart: async () => {
      await running.close();
      const again = await startTestServer({ ...config, port: running.port });
      return { ...again, close: async () => (await again.close(), await ownDatabase?.drop()) };
    },
    close: async () => {
      await running.close();
      await ownDatabase?.drop();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/**
 * Test files in one Vitest worker run one after another, so each worker gets a Redis database of its own
 * (8 + worker number), emptied before every server: presence and events of one test never reach another.
 */
async function emptyRedisDatabase(base: string): Promise<string> {
  const url = new URL(base);
  url.pathname = `/${8 + Number(process.env.VITEST_POOL_ID ?? 0)}`;
  const redis = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  return url.toString();
}

const POSTGRES_ADMIN_URL = process.env.FLACK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `flack_it_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
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

let counter = 0;
/** A fresh, valid username (or channel name) for this test run. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}_${process.pid % 1000}`;
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export function postJson<T = unknown>(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  return sendJson<T>('POST', url, path, body, headers);
}

export async function sendJson<T = unknown>(
  method: 'POST' | 'DELETE',
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const response = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json', origin: url, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

export const PASSWORD = 'correct horse battery';

export async function signUp(server: { url: string }, username = uniqueName()): Promise<AuthReply> {
  const result = await postJson<AuthReply>(server.url, '/api/auth/signup', { username, password: PASSWORD });
  if (result.status !== 201) throw new Error(`sign-up failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

export function connect(
  server: { url: string },
  token: string,
  options: Parameters<typeof io>[1] = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(server.url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** A signed-up user with a connected socket. */
export async function newClient(server: { url: string }, username?: string) {
  const auth = await signUp(server, username);
  const socket = await connect(server, auth.token);
  return { ...auth, socket };
}

type EventName = keyof ClientToServerEvents;
type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type DataOf<E extends EventName> =
  Parameters<ClientToServerEvents[E]>[1] extends ((reply: Ack<infer T>) => void) | undefined ? T : never;

/** Emit with an ack and return the raw reply. */
export function request<E extends EventName>(socket: ClientSocket, event: E, payload: PayloadOf<E>): Promise<Ack<DataOf<E>>> {
  return (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<Ack<DataOf<E>>>)(event, payload);
}

export class AckError extends Error {
  constructor(readonly error: ApiError) {
    super(`${error.code}: ${error.message}`);
  }
}

/** Emit with an ack; resolve with data or reject with an AckError carrying the code. */
export async function call<E extends EventName>(socket: ClientSocket, event: E, payload: PayloadOf<E>): Promise<DataOf<E>> {
  const reply = await request(socket, event, payload);
  if (!reply.ok) throw new AckError(reply.error);
  return reply.data;
}

/** The error code of a call that must fail. */
export async function errorCode<E extends EventName>(socket: ClientSocket, event: E, payload: PayloadOf<E>) {
  const reply = await request(socket, event, payload);
  if (reply.ok) throw new Error(`${event} unexpectedly succeeded: ${JSON.stringify(reply.data)}`);
  return reply.error.code;
}

/** Resolve with the next matching server event. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}

/** Collect every event of a kind until stopped. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  const listener = (...args: Parameters<ServerToClientEvents[E]>) => void seen.push(args[0]);
  socket.on(event, listener as never);
  return { seen, stop: () => socket.off(event, listener as never) };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolve with the next message (new or changed) in a live `changes` batch that matches. */
export function nextMessage(
  socket: ClientSocket,
  predicate: (message: Message) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('changes', listener);
      reject(new Error(`no matching message within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (batch: ChangeBatch) => {
      const found = batch.messages.find(predicate);
      if (!found) return;
      clearTimeout(timer);
      socket.off('changes', listener);
      resolve(found);
    };
    socket.on('changes', listener);
  });
}

/** Collect every message of every live `changes` batch until stopped. */
export function collectMessages(socket: ClientSocket) {
  const seen: Message[] = [];
  const listener = (batch: ChangeBatch) => void seen.push(...batch.messages);
  socket.on('changes', listener);
  return { seen, stop: () => socket.off('changes', listener) };
}
