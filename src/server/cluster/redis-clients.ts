// The Redis connections one node keeps: one for Socket.IO events (the adapter duplicates it for its readers), one
// for presence, rate limits and readiness, and one reading the presence feed. They differ in what a command
// does while Redis is away.
import { Redis, type RedisOptions } from 'ioredis';

const CONNECT_TIMEOUT_MS = 10_000;

const common: RedisOptions = {
  // Reconnect quickly after a Redis restart, and keep trying for as long as the node runs.
  retryStrategy: (attempt) => Math.min(attempt * 200, 1000),
  connectionName: 'flack',
};

/**
 * Events wait in ioredis' offline queue during a short outage and are published once Redis is back, so a restart
 * loses nothing. The queue is bounded in time: after 3 failed reconnections (200 + 400 + 600 ms) a command is dropped
 * (the stream adapter catches that and still delivers to this node's own sockets).
 */
export const forEvents: RedisOptions = { ...common, maxRetriesPerRequest: 3 };
/** An outage at least this long may have dropped queued events (see forEvents). */
export const EVENTS_MAY_BE_LOST_AFTER_MS = 1000;

/** A reader blocked on a stream: it waits through outages and resumes from its own offset. */
export const forReading: RedisOptions = { ...common, maxRetriesPerRequest: null };

/** Presence and rate limits fail at once while Redis is away, so they can fall back instead of waiting. */
export const forCommands: RedisOptions = { ...common, enableOfflineQueue: false };

/** A client that has connected once; throws (and gives up) when Redis does not answer in time. */
export async function connectRedis(url: string, options: RedisOptions): Promise<Redis> {
  const redis = new Redis(url, options);
  // Connection errors are retried by ioredis; without a listener each one would also be thrown as an 'error' event.
  redis.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis did not answer at ${redacted(url)}`)), CONNECT_TIMEOUT_MS);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return redis;
  } catch (error) {
    redis.disconnect();
    throw error;
  }
}

/** Waits for queued commands to be sent (briefly: Redis may be gone), then closes. */
export async function closeRedis(redis: Redis): Promise<void> {
  await Promise.race([redis.quit().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1000))]);
  redis.disconnect();
}

/** The URL without its password, for logs and errors. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
