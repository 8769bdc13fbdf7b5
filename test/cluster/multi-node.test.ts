// Three Flack processes sharing PostgreSQL and Redis, with clients spread over them. Whatever happens on one node must
// reach everyone on every node, and neither a node killed mid-traffic nor a Redis restart may lose or duplicate a
// message: in the end every client holds exactly the database's ordered list.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fileUrl, previewUrl } from '../../src/shared/files.js';
import { fetchAs, png, uploaded } from '../helpers/files.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceChange } from '../../src/shared/protocol.js';
import {
  call,
  collect,
  collectMessages,
  connect,
  errorCode,
  nextEvent,
  nextMessage,
  PASSWORD,
  postJson,
  signUp,
  uniqueName,
} from '../helpers/flack.js';
import { ChatClient } from './chat-client.js';
import { startNode, type FlackNode } from './nodes.js';
import { createDatabase, eventually, missingServices, sleep, startRedis, withServices, type RedisServer } from './services.js';

const missing = await missingServices();

withServices(missing, () => {
  let redis: RedisServer;
  let database: { url: string; drop(): Promise<void> };
  let nodes: FlackNode[];
  let urls: string[];
  let filesDir: string;
  const clients: ChatClient[] = [];
  let founder: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    [redis, database] = await Promise.all([startRedis(), createDatabase('cluster')]);
    filesDir = mkdtempSync(join(tmpdir(), 'flack-cluster-files-'));
    const shared = { databaseUrl: database.url, redisUrl: redis.url, filesDir };
    nodes = await Promise.all(['a', 'b', 'c'].map((name) => startNode(name, shared)));
    urls = nodes.map((node) => node.url);
    founder = await signUp({ url: urls[0]! }); // the first account: the workspace's owner
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.allSettled((nodes ?? []).map((node) => node.stop()));
    await Promise.allSettled([redis?.stop(), database?.drop()]);
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  }, 30_000);

  /** A new user connected to node `n` (0 = a, 1 = b, 2 = c). */
  async function userOn(n: number): Promise<ChatClient> {
    const client = await ChatClient.signUp(urls, n);
    clients.push(client);
    return client;
  }

  /** The messages of a conversation as PostgreSQL has them: [id, seq] in order. */
  async function stored(conversationId: number): Promise<{ id: number; seq: number; clientId: string | null }[]> {
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string; seq: string; client_id: string | null }>(
        'SELECT id, seq, client_id FROM messages WHERE conversation_id = $1 ORDER BY seq',
        [conversationId],
      );
      return rows.map((row) => ({ id: Number(row.id), seq: Number(row.seq), clientId: row.client_id }));
    } finally {
      await db.end();
    }
  }

  /** Every client holds exactly the stored list of every conversation it tracks: nothing lost, nothing twice. */
  async function expectConverged(members: ChatClient[], conversationIds: number[]): Promise<void> {
    for (const conversationId of conversationIds) {
      const truth = await stored(conversationId);
      const lastSeq = truth.at(-1)?.seq ?? 0;
      expect(truth.map((m) => m.seq)).toEqual(truth.map((_, i) => i + 1));
      for (const client of members) {
        await eventually(() => client.contiguous(conversationId) >= lastSeq, 5000, `${client.user.username} to catch up`);
        expect(client.messages(conversationId).map((m) => [m.id, m.seq])).toEqual(truth.map((m) => [m.id, m.seq]));
        expect(client.conflicts).toEqual([]);
      }
    }
  }

  const presenceOf = (changes: PresenceChange[][], userId: number) => changes.flat().filter((c) => c.userId === userId);

  describe('on three nodes', () => {
    it('delivers messages, new channels and direct messages to clients on every node', async () => {
      const [alice, bob, carol] = await Promise.all([userOn(0), userOn(1), userOn(2)]);
      const name = uniqueName('everywhere');
      const announced = Promise.all(
        [bob, carol].map((c) => nextEvent(c.socket, 'conversation', (conversation) => conversation.name === name)),
      );
      const { conversation } = await alice.call('channel:create', { name, visibility: 'public' });
      await announced;
      await Promise.all([bob, carol].map((c) => c.call('channel:join', { conversationId: conversation.id })));

      for (const [sender, receivers] of [
        [alice, [bob, carol]],
        [carol, [alice, bob]],
      ] as const) {
        const received = receivers.map((r) => nextMessage(r.socket, (m) => m.authorId === sender.user.id));
        const sent = await sender.send(conversation.id, `hello from ${sender.nodeUrl}`);
        for (const message of await Promise.all(received)) expect(message.id).toBe(sent.id);
      }

      const dmOpened = nextEvent(carol.socket, 'conversation', (c) => c.kind === 'dm');
      const outsider = collectMessages(alice.socket);
      const { conversation: dm } = await bob.call('dm:open', { userIds: [carol.user.id] });
      expect((await dmOpened).id).toBe(dm.id);
      const delivered = nextMessage(carol.socket, (m) => m.conversationId === dm.id);
      await bob.send(dm.id, 'just between us');
      expect((await delivered).body).toBe('just between us');
      await sleep(300);
      expect(outsider.seen.filter((m) => m.conversationId === dm.id)).toEqual([]);
    });

    it('lets an invitee on another node in, and locks a removed member out on every node', async () => {
      const owner = await userOn(0);
      const member = await userOn(1);
      const memberElsewhere = await connect({ url: urls[2] as string }, member.token);
      const outsider = await userOn(2);
      const { conversation } = await owner.call('channel:create', { name: uniqueName('secret'), visibility: 'private' });
      const outsiderSaw = collect(outsider.socket, 'conversation');

      const invited = [member.socket, memberElsewhere].map((s) => nextEvent(s, 'conversation', (c) => c.id === conversation.id));
      await owner.call('channel:invite', { conversationId: conversation.id, username: member.user.username });
      await Promise.all(invited);
      const firstMessage = [member.socket, memberElsewhere].map((s) => nextMessage(s, (m) => m.authorId === owner.user.id));
      await owner.send(conversation.id, 'welcome');
      await Promise.all(firstMessage);

      const removed = [member.socket, memberElsewhere].map((s) =>
        nextEvent(s, 'conversation:removed', (p) => p.conversationId === conversation.id),
      );
      const afterRemoval = [collectMessages(member.socket), collectMessages(memberElsewhere)];
      await owner.call('channel:remove', { conversationId: conversation.id, userId: member.user.id });
      await Promise.all(removed);
      const ownerGot = nextMessage(owner.socket, (m) => m.body === 'after you left');
      await owner.send(conversation.id, 'after you left');
      await ownerGot;
      await sleep(300);
      for (const seen of afterRemoval) expect(seen.seen.filter((m) => m.conversationId === conversation.id)).toEqual([]);
      for (const socket of [member.socket, memberElsewhere]) {
        expect(await errorCode(socket, 'history', { conversationId: conversation.id })).toBe('not_found');
        expect(
          await errorCode(socket, 'message:send', { conversationId: conversation.id, clientId: uniqueName('c'), body: 'x' }),
        ).toBe('not_found');
      }
      expect(outsiderSaw.seen.filter((c) => c.id === conversation.id)).toEqual([]);
      memberElsewhere.close();
    });

    it('serves a file uploaded on one node from every node, and deleting it on another removes it everywhere', async () => {
      const owner = await userOn(0);
      const reader = await userOn(1);
      const { conversation } = await owner.call('channel:create', { name: uniqueName('files'), visibility: 'public' });
      await reader.call('channel:join', { conversationId: conversation.id });
      const bytes = await png(320, 200);
      const file = await uploaded({ url: urls[0]! }, owner.token, 'chart.png', bytes);
      const { message } = await owner.call('message:send', { conversationId: conversation.id, clientId: uniqueName('c'), body: '', files: [file.id] });
      for (const url of urls) {
        const response = await fetchAs({ url }, reader.token, fileUrl(file));
        expect(response.status).toBe(200);
        expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
        expect((await fetchAs({ url }, reader.token, previewUrl(file))).status).toBe(200);
      }
      const onC = await connect({ url: urls[2]! }, owner.token);
      await call(onC, 'message:delete', { messageId: message.id });
      onC.close();
      for (const url of urls) expect((await fetchAs({ url }, reader.token, fileUrl(file))).status).toBe(404);
      expect(readdirSync(filesDir, { recursive: true }).filter((name) => String(name).includes(file.id))).toEqual([]);
    });

    it('moves the unread count on every node when the user reads on one', async () => {
      const sender = await userOn(0);
      const reader = await userOn(1);
      const readerElsewhere = await connect({ url: urls[2] as string }, reader.token);
      const { conversation } = await sender.call('channel:create', { name: uniqueName('unread'), visibility: 'public' });
      await reader.call('channel:join', { conversationId: conversation.id });
      let last = 0;
      for (let i = 0; i < 3; i++) last = (await sender.send(conversation.id, `news ${i}`)).seq;

      const moved = nextEvent(readerElsewhere, 'membership', (m) => m.conversationId === conversation.id && m.lastReadSeq === last);
      await reader.call('read', { conversationId: conversation.id, seq: last });
      expect(await moved).toEqual({ conversationId: conversation.id, isMember: true, lastReadSeq: last, mentionCount: 0 });
      const view = (await call(readerElsewhere, 'state', {})).conversations.find((c) => c.id === conversation.id);
      expect(view && view.lastSeq - view.lastReadSeq).toBe(0);
      readerElsewhere.close();
    });

    it('keeps a user online while any socket on any node is open, and announces each change once', async () => {
      const watcherA = await userOn(0);
      const watcherC = await userOn(2);
      const danaAccount = await signUp({ url: urls[1] as string });
      for (const watcher of [watcherA, watcherC]) await watcher.watch([danaAccount.user.id, watcherC.user.id]);
      const seenA = collect(watcherA.socket, 'presence');
      const seenC = collect(watcherC.socket, 'presence');
      const dana = { user: danaAccount.user, token: danaAccount.token, socket: await connect({ url: urls[1] as string }, danaAccount.token) };
      await eventually(() => presenceOf(seenA.seen, dana.user.id).length > 0 && presenceOf(seenC.seen, dana.user.id).length > 0);
      const secondTab = await connect({ url: urls[2] as string }, dana.token);
      // The server counts a socket once its rooms are joined, a moment after the client sees `connect`.
      await call(secondTab, 'state', {});
      await sleep(200);
      dana.socket.close();
      await sleep(700); // longer than a presence batch: an offline here would be wrong
      secondTab.close();
      await eventually(() => presenceOf(seenA.seen, dana.user.id).length > 1 && presenceOf(seenC.seen, dana.user.id).length > 1);
      await sleep(500);
      for (const seen of [seenA, seenC]) {
        expect(presenceOf(seen.seen, dana.user.id)).toEqual([
          { userId: dana.user.id, online: true },
          { userId: dana.user.id, online: false },
        ]);
      }
      const { users } = await watcherA.call('users:get', { ids: [dana.user.id, watcherC.user.id] });
      expect(users.find((u) => u.id === dana.user.id)?.online).toBe(false);
      expect(users.find((u) => u.id === watcherC.user.id)?.online).toBe(true);
    });

    it('closes a signed-out session on another node within a second, and only that session', async () => {
      const erin = await userOn(1);
      const otherSession = await postJson<{ token: string }>(urls[2] as string, '/api/auth/signin', {
        username: erin.user.username,
        password: PASSWORD,
      });
      const otherDevice = await connect({ url: urls[2] as string }, otherSession.body.token);
      const closed = new Promise<number>((resolve) => erin.socket.once('disconnect', () => resolve(Date.now())));
      const started = Date.now();
      const out = await fetch(`${urls[0]}/api/auth/signout`, { method: 'POST', headers: { authorization: `Bearer ${erin.token}` } });
      expect(out.status).toBe(204);
      expect((await closed) - started).toBeLessThan(1000);
      await sleep(200);
      expect(otherDevice.connected).toBe(true);
      await expect(connect({ url: urls[1] as string }, erin.token)).rejects.toThrow('unauthorized');
      otherDevice.close();
    });

    it('signs a deactivated person out on every node at once, and the role change reaches them all', async () => {
      const mallory = await userOn(1);
      const otherSession = await postJson<{ token: string }>(urls[2] as string, '/api/auth/signin', {
        username: mallory.user.username,
        password: PASSWORD,
      });
      const otherDevice = await connect({ url: urls[2] as string }, otherSession.body.token);
      const owner = await connect({ url: urls[0] as string }, founder.token);
      const closed = [mallory.socket, otherDevice].map((socket) => new Promise<void>((resolve) => socket.once('disconnect', () => resolve())));
      const told = nextEvent(owner, 'user', (user) => user.id === mallory.user.id && user.deactivated === true);
      const { user } = await call(owner, 'admin:deactivate', { userId: mallory.user.id, deactivated: true });
      expect(user).toMatchObject({ deactivated: true, role: 'member' });
      await Promise.all([...closed, told]);
      for (const url of urls) await expect(connect({ url }, otherSession.body.token)).rejects.toThrow('unauthorized');
      const signIn = await postJson(urls[1] as string, '/api/auth/signin', { username: mallory.user.username, password: PASSWORD });
      expect(signIn.status).toBe(401);
      await call(owner, 'admin:deactivate', { userId: mallory.user.id, deactivated: false });
      const back = await postJson(urls[2] as string, '/api/auth/signin', { username: mallory.user.username, password: PASSWORD });
      expect(back.status).toBe(200);
      owner.close();
    });

    it("an admin's settings change reaches clients on every node live, and every node's door says so", async () => {
      const watcher = await userOn(2);
      const owner = await connect({ url: urls[0] as string }, founder.token);
      const { workspace } = await call(owner, 'state', {});
      const name = uniqueName('Team');
      const told = nextEvent(watcher.socket, 'workspace', (w) => w.name === name);
      await call(owner, 'admin:settings', { version: workspace.version, name });
      expect(await told).toMatchObject({ name, version: workspace.version + 1 });
      for (const url of urls) {
        const door = await (await fetch(`${url}/api/workspace`)).json();
        expect(door).toMatchObject({ name });
      }
      // SIGNUP_MODE=open on these nodes: the server's setting decides, and the console may not change it.
      expect((await call(watcher.socket, 'state', {})).workspace).toMatchObject({ name, signUpMode: 'open', signUpModeLocked: true });
      const version = workspace.version + 1;
      expect(await errorCode(owner, 'admin:settings', { version, signUpMode: 'closed' })).toBe('forbidden');
      owner.close();
    });

    it('loses nothing when a node is killed mid-traffic: its clients move, catch up, and its lost users go offline', async () => {
      const perNode = await Promise.all([0, 1, 2].map(async (n) => Promise.all([userOn(n), userOn(n), userOn(n)])));
      const everyone = perNode.flat();
      const [observer] = perNode[0] as ChatClient[];
      const [gone, ...movers] = perNode[2] as ChatClient[];
      await (observer as ChatClient).watch(everyone.map((c) => c.user.id));
      (gone as ChatClient).failover = false; // its user closes the laptop when the node dies
      const { conversation: channel } = await (observer as ChatClient).call('channel:create', { name: uniqueName('traffic'), visibility: 'public' });
      const { conversation: secret } = await (observer as ChatClient).call('channel:create', { name: uniqueName('quiet'), visibility: 'private' });
      const insiders = everyone.filter((_, i) => i % 2 === 0);
      for (const client of everyone) await client.call('channel:join', { conversationId: channel.id });
      for (const client of insiders.slice(1)) {
        await (observer as ChatClient).call('channel:invite', { conversationId: secret.id, username: client.user.username });
      }
      for (const client of everyone) {
        client.track(channel.id);
        if (insiders.includes(client)) client.track(secret.id);
        await client.sync();
      }

      const acked: string[] = [];
      const traffic = everyone.map(async (client, i) => {
        for (let n = 0; n < 25 && !client.closed; n++) {
          const target = insiders.includes(client) && n % 3 === 0 ? secret.id : channel.id;
          const clientId = `${client.user.username}-${n}`;
          try {
            await client.send(target, `${client.user.username} #${n}`, clientId);
            acked.push(clientId);
          } catch (error) {
            if (client !== gone) throw error;
          }
          await sleep(15 + (i % 4) * 5);
        }
      });
      await sleep(250);
      const killedAt = Date.now();
      await (nodes[2] as FlackNode).kill();
      (gone as ChatClient).close();
      await Promise.all(traffic);

      for (const mover of movers) expect(mover.failovers).toBe(1);
      const alive = everyone.filter((c) => c !== gone);
      // A message stored by the dead node but never published shows up as a gap once a later one arrives.
      await (observer as ChatClient).send(channel.id, 'last call');
      await (observer as ChatClient).send(secret.id, 'last call');
      await expectConverged(alive, [channel.id]);
      await expectConverged(alive.filter((c) => insiders.includes(c)), [secret.id]);

      const rows = [...(await stored(channel.id)), ...(await stored(secret.id))];
      const clientIds = rows.map((r) => r.clientId).filter((id): id is string => id !== null);
      expect(new Set(clientIds).size).toBe(clientIds.length);
      for (const id of acked) expect(clientIds).toContain(id);

      // The dead node's users who did not come back go offline for everyone, once; those who moved never do.
      const goneUser = (gone as ChatClient).user.id;
      await eventually(() => observer?.presence.some((p) => p.userId === goneUser && !p.online && p.at > killedAt), 12_000, 'the lost user to go offline');
      await sleep(300);
      const afterKill = (observer as ChatClient).presence.filter((p) => p.at > killedAt);
      expect(afterKill.filter((p) => p.userId === goneUser)).toEqual([expect.objectContaining({ online: false })]);
      for (const mover of movers) expect(afterKill.filter((p) => p.userId === mover.user.id)).toEqual([]);
      const { users } = await (observer as ChatClient).call('users:get', { ids: everyone.map((c) => c.user.id) });
      const online = (id: number) => users.find((u) => u.id === id)?.online;
      expect(online(goneUser)).toBe(false);
      for (const mover of movers) expect(online(mover.user.id)).toBe(true);
      console.info(
        `[cluster] ${rows.length} messages; ${alive.reduce((n, c) => n + c.gapSyncs, 0)} gap syncs; offline ${
          (observer as ChatClient).presence.find((p) => p.userId === goneUser && !p.online)!.at - killedAt
        } ms after the kill`,
      );
    }, 40_000);

    it('resumes fan-out after a Redis restart, and `sync` fills whatever was missed', async () => {
      const [left1, left2, right1, right2] = await Promise.all([userOn(0), userOn(0), userOn(1), userOn(1)]);
      const everyone = [left1, left2, right1, right2] as ChatClient[];
      const { conversation } = await (left1 as ChatClient).call('channel:create', { name: uniqueName('outage'), visibility: 'public' });
      for (const client of everyone) {
        await client.call('channel:join', { conversationId: conversation.id });
        client.track(conversation.id);
        await client.sync();
      }

      const traffic = everyone.map(async (client) => {
        for (let n = 0; n < 30; n++) {
          await client.send(conversation.id, `${client.user.username} #${n}`);
          await sleep(60);
        }
      });
      let readyDuringOutage: number | undefined;
      try {
        await sleep(300);
        await redis.shutdown();
        readyDuringOutage = (await fetch(`${urls[0]}/readyz`)).status;
        await sleep(2000); // longer than events can wait in the offline queue: some are dropped

      } finally {
        await redis.start();
      }
      await Promise.all(traffic);
      expect(readyDuringOutage).toBe(503);
      await eventually(async () => (await fetch(`${urls[1]}/readyz`)).ok, 5000, 'readiness after the restart');
      // Events published during the outage may have been dropped, so each node had its clients reconnect and sync.
      await eventually(() => everyone.every((c) => c.failovers > 0 && c.isConnected), 5000, 'clients to reconnect');

      // Live delivery across nodes works again, without any help from `sync`.
      const live = nextMessage((right1 as ChatClient).socket, (m) => m.body === 'back again', 5000);
      await (left1 as ChatClient).send(conversation.id, 'back again');
      await live;
      await expectConverged(everyone, [conversation.id]);

      // Redis lost its data; each node put its users back.
      await eventually(async () => {
        const { users } = await (right2 as ChatClient).call('users:get', { ids: everyone.map((c) => c.user.id) });
        return everyone.every((c) => users.find((u) => u.id === c.user.id)?.online);
      }, 5000, 'presence to be rebuilt');
    }, 40_000);
  });
});
