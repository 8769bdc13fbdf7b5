// Two Flack installations given the same Redis: each one's keys start with its own prefix (by default derived from
// its database), so neither sees the other's events or presence, while the nodes of one installation still do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKeyPrefix } from '../../src/server/config.js';
import { call, collect, collectMessages, newClient, nextEvent, nextMessage, sleep, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';
import { createDatabase, missingServices, startRedis, withServices, type RedisServer } from './services.js';

const missing = await missingServices();

withServices(missing, () => {
  let redis: RedisServer;
  const databases: { url: string; drop(): Promise<void> }[] = [];
  const servers: TestServer[] = [];
  let a1: TestServer;
  let a2: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    redis = await startRedis();
    const [dbA, dbB] = await Promise.all([createDatabase('install_a'), createDatabase('install_b')]);
    databases.push(dbA!, dbB!);
    a1 = await startTestServer({ databaseUrl: dbA!.url, redisUrl: redis.url });
    a2 = await startTestServer({ databaseUrl: dbA!.url, redisUrl: redis.url });
    b = await startTestServer({ databaseUrl: dbB!.url, redisUrl: redis.url });
    servers.push(a1, a2, b);
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await Promise.all(databases.map((db) => db.drop()));
    await redis?.stop();
  });

  describe('two installations on one Redis', () => {
    it('derive their key prefixes from their databases', () => {
      expect(redisKeyPrefix(a1.config)).toBe(redisKeyPrefix(a2.config));
      expect(redisKeyPrefix(a1.config)).not.toBe(redisKeyPrefix(b.config));
      expect(redisKeyPrefix({ ...b.config, redisPrefix: 'chat-eu:' })).toBe('chat-eu:');
    });

    it("see none of each other's events or presence, while one installation's nodes share theirs", async () => {
      // The same conversation id in both: a room change or broadcast that crossed over would reach the other's member.
      const alice = await newClient(a1);
      const carol = await newClient(a2);
      const bob = await newClient(b);
      const inA = (await call(alice.socket, 'channel:create', { name: uniqueName('room'), visibility: 'public' })).conversation;
      await call(carol.socket, 'channel:join', { conversationId: inA.id });
      const inB = (await call(bob.socket, 'channel:create', { name: uniqueName('room'), visibility: 'public' })).conversation;
      expect(inB.id).toBe(inA.id);
      await sleep(300); // presence of the sign-ups above has settled

      // Both watch the first hundred ids of their own installation: the same ids exist in the other one.
      const ids = Array.from({ length: 100 }, (_, i) => i + 1);
      for (const watcher of [bob, carol]) await call(watcher.socket, 'presence:watch', { userIds: ids });
      const bobHears = { messages: collectMessages(bob.socket), presence: collect(bob.socket, 'presence') };
      const carolHears = nextMessage(carol.socket, (m) => m.body === 'only for installation A');
      const carolSeesDave = nextEvent(carol.socket, 'presence', (changes) => changes.some((p) => p.online && p.userId > carol.user.id));
      await call(alice.socket, 'message:send', { conversationId: inA.id, clientId: 'a1', body: 'only for installation A' });
      const dave = await newClient(a2); // comes online in A
      expect((await carolHears).conversationId).toBe(inA.id);
      expect(await carolSeesDave).toContainEqual({ userId: dave.user.id, online: true });
      await sleep(500);

      expect(bobHears.messages.seen).toEqual([]);
      expect(bobHears.presence.seen).toEqual([]);
      for (const client of [alice, carol, bob, dave]) client.socket.close();
    });
  });
});
