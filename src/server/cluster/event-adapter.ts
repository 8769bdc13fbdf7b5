// Socket.IO rooms across nodes. We use the Redis *Streams* adapter rather than the pub/sub one: every broadcast and
// room change is appended to one stream and every node reads it from its own last offset, so
//  - a node whose connection to Redis drops (or a Redis restart) resumes where it was instead of silently losing
//    what was published meanwhile — the pub/sub adapter drops messages while a subscriber is disconnected;
//  - room changes (subscribe, unsubscribe, disconnect a session) and messages reach every node in one order, so a
//    removed member's sockets leave the room before the next message is delivered;
//  - publish errors are caught inside the adapter (the pub/sub adapter leaves ioredis rejections unhandled).
// The cost is one Redis round trip before a broadcast reaches this node's own sockets. Whatever is still missed
// (Redis lost its data, a node died between storing and publishing) is filled by the client's `sync` from the database.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { FlackServer } from '../realtime/fanout.js';

/** `keyPrefix` is the installation's REDIS_PREFIX: its events go through `<prefix>events`. */
export function shareRoomsThroughRedis(io: FlackServer, redis: Redis, keyPrefix: string): void {
  io.adapter(
    createAdapter(redis, {
      streamName: `${keyPrefix}events`,
      channelPrefix: `${keyPrefix}sio`,
      // Only a node that falls this far behind misses events; a few minutes of traffic at most.
      maxLen: 10_000,
      // Flack's events are JSON, so the adapter may skip looking for binary attachments.
      onlyPlaintext: true,
    }),
  );
}
