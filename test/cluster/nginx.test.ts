// deploy/nginx.conf in front of two nodes: a user who only knows the public address chats with users on both nodes,
// over WebSocket and over HTTP long-polling (which needs the upstream's stickiness).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AuthReply } from '../../src/shared/protocol.js';
import {
  call,
  type ClientSocket,
  connect,
  nextMessage,
  PASSWORD,
  postJson,
  uniqueName,
} from '../helpers/flack.js';
import { fileUrl } from '../../src/shared/files.js';
import { fetchAs, uploaded } from '../helpers/files.js';
import { reserveNginx, startNginx, type Nginx } from './nginx.js';
import { startNode, type FlackNode } from './nodes.js';
import { createDatabase, missingServices, startRedis, withServices, type RedisServer } from './services.js';

const missing = await missingServices({ nginx: true });

withServices(missing, () => {
  let redis: RedisServer;
  let database: { url: string; drop(): Promise<void> };
  let nodes: FlackNode[];
  let nginx: Nginx;
  let publicUrl: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const reserved = await reserveNginx();
    publicUrl = reserved.url;
    [redis, database] = await Promise.all([startRedis(), createDatabase('nginx')]);
    const options = { databaseUrl: database.url, redisUrl: redis.url, publicUrl, trustProxy: true };
    nodes = await Promise.all(['a', 'b'].map((name) => startNode(name, options)));
    nginx = await startNginx(reserved.port, nodes.map((node) => `127.0.0.1:${node.port}`));
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await nginx?.stop();
    await Promise.allSettled((nodes ?? []).map((node) => node.stop()));
    await Promise.allSettled([redis?.stop(), database?.drop()]);
  }, 30_000);

  /** Signs up at `url` (a node, or nginx) as a browser on the public address would, and connects there. */
  async function user(url: string, transports: ('websocket' | 'polling')[] = ['websocket']) {
    const signup = await postJson<AuthReply>(url, '/api/auth/signup', { username: uniqueName('via'), password: PASSWORD }, { origin: publicUrl });
    expect(signup.status).toBe(201);
    const socket = await connect({ url }, signup.body.token, { transports });
    sockets.push(socket);
    return { ...signup.body, socket };
  }

  describe('behind nginx', () => {
    it('takes a 20 MB upload through its upload location, and serves it back', async () => {
      const alice = await user(nginx.url);
      const bytes = Buffer.alloc(20 * 1024 * 1024, 7);
      const file = await uploaded(nginx, alice.token, 'big.bin', bytes);
      expect(file.size).toBe(bytes.length);
      const back = await fetchAs(nginx, alice.token, fileUrl(file));
      expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it('answers health, readiness and metrics through the proxy', async () => {
      expect((await fetch(`${nginx.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${nginx.url}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
      expect(await (await fetch(`${nginx.url}/metrics`)).text()).toContain('flack_connected_sockets');
    });

    it('lets a user who only knows the public address chat with users on both nodes', async () => {
      const [nodeA, nodeB] = nodes as [FlackNode, FlackNode];
      const carol = await user(nginx.url);
      const dave = await user(nginx.url, ['polling']);
      const alice = await user(nodeA.url);
      const bob = await user(nodeB.url);
      expect(carol.socket.io.engine.transport.name).toBe('websocket');
      expect(dave.socket.io.engine.transport.name).toBe('polling');

      const { conversation } = await call(carol.socket, 'channel:create', { name: uniqueName('proxied'), visibility: 'public' });
      for (const member of [alice, bob, dave]) await call(member.socket, 'channel:join', { conversationId: conversation.id });

      const conversations = [
        [carol, [alice, bob, dave]],
        [alice, [carol, bob, dave]],
        [bob, [carol, alice, dave]],
        [dave, [carol, alice, bob]],
      ] as const;
      for (const [sender, receivers] of conversations) {
        const body = `from ${sender.user.username}`;
        const received = receivers.map((r) => nextMessage(r.socket, (m) => m.body === body));
        await call(sender.socket, 'message:send', { conversationId: conversation.id, clientId: uniqueName('m'), body });
        await Promise.all(received);
      }
      expect(nginx.errors()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
    });

    it('sets the session cookie for the public address and accepts it on the WebSocket', async () => {
      const signup = await postJson<AuthReply>(nginx.url, '/api/auth/signup', { username: uniqueName('cookie'), password: PASSWORD });
      const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] as string;
      expect(cookie).toMatch(/^flack_session=/);
      const socket = await connect({ url: nginx.url }, '', { auth: { protocolVersion: PROTOCOL_VERSION }, extraHeaders: { cookie, origin: publicUrl } });
      sockets.push(socket);
      expect((await call(socket, 'state', {})).me.id).toBe(signup.body.user.id);
    });
  });
});
