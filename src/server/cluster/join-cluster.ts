// Joining a cluster of Flack nodes through Redis: shared fan-out, presence and rate limits.
import type { Logger } from 'pino';
import type { RateLimiter } from '../rate-limit.js';
import type { FlackServer } from '../realtime/fanout.js';
import type { PresenceTracker } from '../realtime/presence.js';

export interface Cluster {
  presence: PresenceTracker;
  limiter: RateLimiter;
  /** Throws when Redis is unreachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function joinCluster(options: {
  redisUrl: string;
  io: FlackServer;
  log: Logger;
  nodeId: string;
}): Promise<Cluster> {
  throw new Error(`Clustering through Redis is not built yet (${options.redisUrl})`);
}
