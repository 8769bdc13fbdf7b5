// An outage longer than the events client's offline queue drops events that nodes published meanwhile: messages,
// but also room changes (a new channel, a removal). This node's clients cannot tell, so once Redis is back they are
// made to reconnect, as after a network blip: they rejoin their rooms from the database and `sync` what they missed.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { FlackServer } from '../realtime/fanout.js';
import { EVENTS_MAY_BE_LOST_AFTER_MS } from './redis-clients.js';

/** Reconnections are spread out so that a big node does not send every client to the database at once. */
const BATCH = 200;
const BATCH_INTERVAL_MS = 100;

export function reconnectClientsAfterLongOutages(io: FlackServer, redis: Redis, log: Logger): void {
  let downSince: number | undefined;
  redis.on('close', () => (downSince ??= Date.now()));
  redis.on('ready', () => {
    const outageMs = downSince === undefined ? 0 : Date.now() - downSince;
    downSince = undefined;
    if (outageMs < EVENTS_MAY_BE_LOST_AFTER_MS) return;
    log.warn({ outageMs }, 'Redis was away long enough to lose events; clients reconnect to catch up');
    void dropConnections(io);
  });
}

async function dropConnections(io: FlackServer): Promise<void> {
  const sockets = [...io.of('/').sockets.values()];
  for (let i = 0; i < sockets.length; i += BATCH) {
    // Closing the transport (not a server disconnect) is what tells Socket.IO clients to reconnect by themselves.
    for (const socket of sockets.slice(i, i + BATCH)) socket.conn.close();
    await new Promise((resolve) => setTimeout(resolve, BATCH_INTERVAL_MS));
  }
}
