// Cluster presence against a real Redis, several "nodes" in one process and fast heartbeats: each global transition
// is announced once, a silent node is swept, and Redis going away or losing its data heals.
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterPresence } from '../../src/server/cluster/cluster-presence.js';
import { forCommands, forReading } from '../../src/server/cluster/redis-clients.js';
import type { FlackServer } from '../../src/server/realtime/fanout.js';
import type { PresenceChange } from '../../src/shared/protocol.js';
import { eventually, missingServices, sleep, startRedis, withServices, type RedisServer } from './services.js';

const missing = await missingServices({ postgres: false });
const TIMING = { heartbeatMs: 100, ttlMs: 400 };

withServices(missing, () => {
  let redis: RedisServer;
  const running: { presence: ClusterPresence; clients: Redis[] }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const { presence, clients } of running.splice(0)) {
      await presence.close();
      for (const client of clients) client.disconnect();
    }
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
  });
  afterAll(() => redis?.stop());

  async function connected(options: typeof forCommands): Promise<Redis> {
    const client = new Redis(redis.url, options);
    client.on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    return client;
  }

  /** A node with its own connections; `seen` is what its sockets would receive. */
  async function node(name: string) {
    const [client, feed] = [await connected(forCommands), await connected(forReading)];
    const seen: PresenceChange[] = [];
    const io = {
      local: { emit: (_event: 'presence', changes: PresenceChange[]) => seen.push(...changes) },
      engine: { clientsCount: 1 },
    } as unknown as FlackServer;
    const presence = new ClusterPresence(client, feed, io, pino({ level: 'silent' }), name, TIMING);
    await presence.start();
    running.push({ presence, clients: [client, feed] });
    return { presence, client, seen, of: (userId: number) => seen.filter((c) => c.userId === userId) };
  }

  const BATCH = 400; // longer than a presence batch

  describe('cluster presence', () => {
    it('tells every node once when the first socket anywhere opens and when the last one anywhere closes', async () => {
      const [a, b] = [await node('a'), await node('b')];
      await a.presence.connected(7);
      await eventually(() => a.of(7).length > 0 && b.of(7).length > 0);
      await b.presence.connected(7);
      await b.presence.connected(7);
      expect(b.presence.socketsOf(7)).toBe(3); // the per-user cap counts sockets on every node
      await a.presence.disconnected(7);
      expect([...(await b.presence.onlineUserIds())]).toEqual([7]);
      await b.presence.disconnected(7);
      await sleep(BATCH);
      for (const { of } of [a, b]) expect(of(7)).toEqual([{ userId: 7, online: true }]);
      await b.presence.disconnected(7);
      await eventually(() => a.of(7).length > 1 && b.of(7).length > 1);
      await sleep(BATCH);
      for (const { of } of [a, b]) expect(of(7)).toEqual([{ userId: 7, online: true }, { userId: 7, online: false }]);
      expect([...(await a.presence.onlineUserIds())]).toEqual([]);
    });

    it('announces one transition when nodes race for the same user', async () => {
      const nodes = await Promise.all(['a', 'b', 'c'].map((name) => node(name)));
      await Promise.all(nodes.flatMap(({ presence }) => [presence.connected(9), presence.connected(9)]));
      await sleep(BATCH);
      await Promise.all(nodes.flatMap(({ presence }) => [presence.disconnected(9), presence.disconnected(9)]));
      await sleep(BATCH);
      for (const { of } of nodes) expect(of(9)).toEqual([{ userId: 9, online: true }, { userId: 9, online: false }]);
    });

    it('sweeps a node that stops heartbeating: its users go offline once, unless connected elsewhere', async () => {
      const [a, b, dying] = await Promise.all([node('a'), node('b'), node('dying')]);
      await dying.presence.connected(1);
      await dying.presence.connected(2);
      await a.presence.connected(2);
      await sleep(BATCH);
      dying.client.disconnect(); // silent: no goodbye reaches Redis

      await eventually(() => a.of(1).length > 1, 3000, 'the dead node to be swept');
      await sleep(TIMING.heartbeatMs * 4); // every survivor has swept by now
      for (const { of } of [a, b]) {
        expect(of(1)).toEqual([{ userId: 1, online: true }, { userId: 1, online: false }]);
        expect(of(2)).toEqual([{ userId: 2, online: true }]);
      }
      expect([...(await b.presence.onlineUserIds())]).toEqual([2]);

      // The node was only paused: it comes back, finds itself swept and puts its users back.
      dying.client.connect().catch(() => {});
      await eventually(() => a.of(1).length > 2 && b.of(1).length > 2, 3000, 'the node to re-register');
      expect(a.of(1).at(-1)).toEqual({ userId: 1, online: true });
      expect(a.of(2)).toHaveLength(1);
      expect([...(await a.presence.onlineUserIds())].sort()).toEqual([1, 2]);
    });

    it('puts every node back after Redis lost its data', async () => {
      const [a, b] = await Promise.all([node('a'), node('b')]);
      await a.presence.connected(3);
      await b.presence.connected(4);
      const admin = new Redis(redis.url);
      await admin.flushall();
      admin.disconnect();
      await eventually(async () => (await a.presence.onlineUserIds()).size === 2, 3000, 'presence to be rebuilt');
      await b.presence.disconnected(4);
      await eventually(() => a.of(4).at(-1)?.online === false, 3000, 'the offline to be heard');
    });

    it('keeps changes made while Redis is down, and announces them once it is back', async () => {
      const [a, b] = await Promise.all([node('a'), node('b')]);
      await a.presence.connected(5);
      await b.presence.connected(5);
      await a.presence.connected(6);
      await sleep(BATCH);
      b.seen.length = 0;
      await redis.shutdown();
      try {
        await a.presence.disconnected(6);
        await a.presence.connected(8);
        await a.presence.disconnected(5);
        expect([...(await a.presence.onlineUserIds())].sort()).toEqual([8]); // what this node alone knows
      } finally {
        await redis.start();
      }
      await eventually(() => b.of(6).length > 0 && b.of(8).length > 0, 5000, 'the changes to be announced');
      await sleep(BATCH);
      expect(b.of(6)).toEqual([{ userId: 6, online: false }]);
      expect(b.of(8)).toEqual([{ userId: 8, online: true }]);
      // User 5 still has a socket on b; b re-registers too, so the cluster ends up knowing it.
      await eventually(async () => (await a.presence.onlineUserIds()).has(5), 3000, 'b to re-register');
      expect([...(await a.presence.onlineUserIds())].sort()).toEqual([5, 8]);
      expect(b.of(5).every((c) => c.online)).toBe(true);
    });
  });
});
