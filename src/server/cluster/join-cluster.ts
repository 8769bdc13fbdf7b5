// Joining a cluster of Flack nodes through Redis: shared fan-out, presence and rate limits.
// docs/DEPLOY.md describes the deployment and what happens when Redis or a node goes away.
import type { Logger } from 'pino';
import type { RateLimiter } from '../rate-limit.js';
import type { FlackServer } from '../realtime/fanout.js';
import type { PresenceTracker } from '../realtime/presence.js';
import type { PresenceAudience } from '../realtime/presence-broadcast.js';
import { ClusterPresence, DEFAULT_TIMING, type PresenceTiming } from './cluster-presence.js';
import { shareRoomsThroughRedis } from './event-adapter.js';
import { reconnectClientsAfterLongOutages } from './heal-after-outage.js';
import { closeRedis, connectRedis, forCommands, forEvents, forReading, redacted } from './redis-clients.js';
import type { Rules } from '../rate-limit.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

export interface Cluster {
  presence: PresenceTracker;
  limiter: RateLimiter;
  /** Throws when Redis is unreachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Must run before the server accepts connections: the Socket.IO adapter is replaced here. */
export async function joinCluster(options: {
  redisUrl: string;
  io: FlackServer;
  /** Who on this node watches whose presence. */
  presenceAudience: PresenceAudience;
  log: Logger;
  nodeId: string;
  /** Starts every key this installation uses (REDIS_PREFIX), so that two installations can share one Redis. */
  keyPrefix: string;
  rules: Rules;
  presenceTiming?: PresenceTiming;
}): Promise<Cluster> {
  const { redisUrl, io, log, nodeId, keyPrefix } = options;
  const clients = await Promise.allSettled([
    connectRedis(redisUrl, forEvents),
    connectRedis(redisUrl, forCommands),
    connectRedis(redisUrl, forReading),
  ]);
  const [events, commands, feed] = clients;
  if (events.status === 'rejected' || commands.status === 'rejected' || feed.status === 'rejected') {
    for (const client of clients) if (client.status === 'fulfilled') client.value.disconnect();
    throw new Error(`Cannot join the cluster: Redis unreachable at ${redacted(redisUrl)}`);
  }

  shareRoomsThroughRedis(io, events.value, keyPrefix);
  reconnectClientsAfterLongOutages(io, events.value, log);
  const presence = new ClusterPresence(
    commands.value,
    feed.value,
    { local: options.presenceAudience, engine: io.engine },
    log,
    nodeId,
    options.presenceTiming ?? DEFAULT_TIMING,
    keyPrefix,
  );
  await presence.start();
  log.info({ redis: redacted(redisUrl), keyPrefix }, 'joined the cluster');

  return {
    presence,
    limiter: new RedisRateLimiter(commands.value, log, keyPrefix, options.rules),
    async ping() {
      await commands.value.ping();
    },
    async close() {
      await presence.close();
      await Promise.all([events, commands, feed].map((client) => closeRedis(client.value)));
    },
  };
}
