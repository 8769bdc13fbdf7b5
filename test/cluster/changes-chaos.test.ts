// The change log under a node's death: clients on three nodes edit, delete, react and send while one node is
// killed with SIGKILL. Its clients move to another node and catch up; changes the dead node stored but never
// published show up as gaps in the clock and are fetched. In the end every client holds exactly what a fresh
// fetch returns — every edit, tombstone and reaction — and the clock it holds is the conversation's.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mergeMessages } from '../../src/shared/changes.js';
import type { Message } from '../../src/shared/protocol.js';
import { AckError, uniqueName } from '../helpers/flack.js';
import { ChatClient } from './chat-client.js';
import { startNode, type FlackNode } from './nodes.js';
import { createDatabase, eventually, missingServices, sleep, startRedis, withServices, type RedisServer } from './services.js';

const missing = await missingServices();
const EMOJI = ['👍', '🎉', '👀', '🚀'];

withServices(missing, () => {
  let redis: RedisServer;
  let database: { url: string; drop(): Promise<void> };
  let nodes: FlackNode[];
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    [redis, database] = await Promise.all([startRedis(), createDatabase('changes')]);
    nodes = await Promise.all(['a', 'b', 'c'].map((name) => startNode(name, { databaseUrl: database.url, redisUrl: redis.url })));
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.allSettled((nodes ?? []).map((node) => node.stop()));
    await Promise.allSettled([redis?.stop(), database?.drop()]);
  }, 30_000);

  async function everything(client: ChatClient, conversationId: number): Promise<readonly Message[]> {
    let held: readonly Message[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await client.call('history', { conversationId, before });
      held = mergeMessages(held, page.messages);
      if (!page.hasMore) return held;
      before = page.messages[0]!.seq;
    }
  }

  it('every client ends equal to the database after a node is killed in the middle of edits and reactions', async () => {
    const urls = nodes.map((node) => node.url);
    const everyone = await Promise.all([0, 0, 1, 1, 2, 2].map(async (n) => ChatClient.signUp(urls, n)));
    clients.push(...everyone);
    const [observer] = everyone as [ChatClient];
    const { conversation: channel } = await observer.call('channel:create', { name: uniqueName('churn'), visibility: 'public' });
    for (const client of everyone.slice(1)) await client.call('channel:join', { conversationId: channel.id });
    const own = new Map<ChatClient, Message[]>();
    for (const client of everyone) {
      client.track(channel.id);
      await client.sync();
      const sent = [];
      for (let i = 0; i < 3; i++) sent.push(await client.send(channel.id, `${client.user.username} seed ${i}`));
      own.set(client, sent);
    }
    const targets = [...own.values()].flat();

    // Refusals are expected here (a target someone deleted meanwhile); a call lost with its node is retried once.
    const attempt = async (work: () => Promise<unknown>) => {
      for (let tries = 0; tries < 2; tries++) {
        try {
          return await work();
        } catch (error) {
          if (error instanceof AckError) return;
          await sleep(100);
        }
      }
    };
    const traffic = everyone.map(async (client, i) => {
      const mine = own.get(client)!;
      for (let n = 0; n < 30; n++) {
        const kind = (n + i) % 5;
        if (kind === 0) await attempt(() => client.send(channel.id, `${client.user.username} #${n}`));
        else if (kind === 1) await attempt(() => client.call('message:edit', { messageId: mine[n % mine.length]!.id, body: `edit ${n}` }));
        else if (kind === 2 && n === 12) await attempt(() => client.call('message:delete', { messageId: mine[2]!.id }));
        else {
          const messageId = targets[(n * 7 + i) % targets.length]!.id;
          const emoji = EMOJI[(n + i) % EMOJI.length]!;
          await attempt(() => client.call(n % 2 ? 'reaction:add' : 'reaction:remove', { messageId, emoji }));
        }
        await sleep(10 + (i % 3) * 5);
      }
    });
    await sleep(200);
    await (nodes[2] as FlackNode).kill();
    await Promise.all(traffic);

    // A change stored by the dead node but never published is a gap once a later change arrives.
    await observer.send(channel.id, 'last call');
    const truth = await everything(observer, channel.id);
    const clock = Math.max(...truth.map((m) => m.clock));
    for (const client of everyone) {
      await eventually(() => client.clockOf(channel.id) >= clock, 8000, `${client.user.username} to reach clock ${clock}`);
      expect(client.messages(channel.id)).toEqual(truth);
      expect(client.conflicts).toEqual([]);
    }
    const reactions = truth.reduce((n, m) => n + m.reactions.length, 0);
    const late = everyone.map((c) => c.lateArrivals(channel.id));
    expect(truth.filter((m) => m.editedAt !== null).length).toBeGreaterThan(3);
    expect(reactions).toBeGreaterThan(0);
    console.info(
      `[cluster] clock ${clock}: ${truth.length} messages, ${truth.filter((m) => m.deletedAt).length} deleted, ${reactions} reactions; ${everyone.reduce((n, c) => n + c.gapSyncs, 0)} gap syncs; ${late.reduce((n, l) => n + l.count, 0)} batches arrived after a later one, at most ${Math.max(...late.map((l) => l.maxLateMs)).toFixed(1)} ms late`,
    );
  }, 60_000);
});
