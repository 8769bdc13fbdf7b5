// Web Push end to end: a real server, a local push service (node:http), subscriptions made with real P-256 keys;
// every push is decrypted here as a browser would (RFC 8291) and its VAPID signature checked (RFC 8292).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushPayload } from '../../src/shared/protocol.js';
import { call, connect, errorCode, newClient, sleep, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { browserKeys, startPushService, vapidClaims } from '../helpers/push-service.js';

let server: TestServer;
let push: Awaited<ReturnType<typeof startPushService>>;
let n = 0;
beforeAll(async () => {
  push = await startPushService();
  server = await startTestServer({ pushAllowHttp: true });
});
afterAll(async () => {
  await server.close();
  await push.close();
});

/** A person whose browser subscribed, then closed its last tab: they are offline. */
async function offlineSubscriber(path = `/ok/${++n}`) {
  const client = await newClient(server);
  const keys = browserKeys(`${push.origin}${path}`);
  const { device } = await call(client.socket, 'push:subscribe', keys.subscription);
  client.socket.close();
  await until(async () => !(await server.flack.presenceOf([client.user.id]))[0]!.online);
  return { ...client, keys, path, device };
}

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 100 && !(await check()); i++) await sleep(20);
}

async function dmWith(socket: ClientSocket, userId: number) {
  return (await call(socket, 'dm:open', { userIds: [userId] })).conversation;
}

const send = (socket: ClientSocket, conversationId: number, body: string) =>
  call(socket, 'message:send', { conversationId, clientId: `c${++n}`, body });

describe('Web Push', () => {
  it('a mention of someone with no open tab reaches their push service, signed with VAPID and encrypted for their browser', async () => {
    const alice = await newClient(server);
    const bob = await offlineSubscriber();
    const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    const { message } = await send(alice.socket, general.id, `hello @${bob.user.username}, the **build** is green`);
    const got = await push.next(bob.path);
    expect(got.headers['content-encoding']).toBe('aes128gcm');
    const { publicKey } = (await (await fetch(`${server.url}/api/push/key`)).json()) as { publicKey: string };
    const claims = vapidClaims(got.headers.authorization, publicKey);
    expect(claims.aud).toBe(push.origin);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(bob.keys.decrypt(got.body)).toEqual({
      conversationId: general.id,
      messageId: message.id,
      title: `${alice.user.username} in #general`,
      body: `hello @${bob.user.username}, the build is green`,
      url: `/#/c/${general.id}/m/${message.id}/s/${message.seq}`,
    } satisfies PushPayload);
    alice.socket.close();
  });

  it('someone with a live socket gets no push; someone offline does, after the same message', async () => {
    const alice = await newClient(server);
    const online = await newClient(server);
    const keys = browserKeys(`${push.origin}/online/${++n}`);
    await call(online.socket, 'push:subscribe', keys.subscription);
    const carol = await offlineSubscriber();
    const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    await send(alice.socket, general.id, `@${online.user.username} first`);
    await send(alice.socket, general.id, `@${carol.user.username} then`);
    expect(carol.keys.decrypt((await push.next(carol.path)).body)).toMatchObject({ body: `@${carol.user.username} then` });
    await server.push.drain();
    expect(push.received.filter((r) => r.path === keys.subscription.endpoint.slice(push.origin.length))).toEqual([]);
    online.socket.close();
    alice.socket.close();
  });

  it('a reply also sent to the channel that mentions someone is pushed to them once, as its copy in the channel', async () => {
    const alice = await newClient(server);
    const bob = await offlineSubscriber();
    const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    const { message: root } = await send(alice.socket, general.id, 'the plan');
    const { message: reply } = await call(alice.socket, 'message:send', {
      conversationId: general.id,
      clientId: `c${++n}`,
      body: `@${bob.user.username} see the plan`,
      threadId: root.id,
      alsoToChannel: true,
    });
    const copy = (await call(alice.socket, 'history', { conversationId: general.id })).messages.find((m) => m.id === reply.alsoInChannel)!;
    await server.push.drain();
    await send(alice.socket, general.id, `@${bob.user.username} and one more`);
    await server.push.drain();
    expect(push.received.filter((r) => r.path === bob.path).map((r) => bob.keys.decrypt(r.body))).toEqual([
      expect.objectContaining({ messageId: copy.id, url: `/#/c/${general.id}/m/${copy.id}/s/${copy.seq}` }),
      expect.objectContaining({ body: `@${bob.user.username} and one more` }),
    ]);
    alice.socket.close();
  });

  it('a DM notifies by default; a mention by someone you blocked does not', async () => {
    const alice = await newClient(server);
    const bob = await offlineSubscriber();
    const dm = await dmWith(alice.socket, bob.user.id);
    await send(alice.socket, dm.id, 'just saying hi');
    expect(bob.keys.decrypt((await push.next(bob.path)).body)).toMatchObject({ title: alice.user.username, body: 'just saying hi' });
    await server.push.drain();
    expect((await server.storage.listPushSubscriptions(bob.user.id))[0]!.lastSuccessAt).toEqual(expect.any(Number));
    // Bob blocks Alice (from a tab he closes again): her mentions of him in a channel push nothing.
    const tab = await connect(server, bob.token);
    await call(tab, 'user:block', { userId: alice.user.id, blocked: true });
    tab.close();
    await until(async () => !(await server.flack.presenceOf([bob.user.id]))[0]!.online);
    const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    await send(alice.socket, general.id, `@${bob.user.username} hey`);
    await server.push.drain();
    expect(push.received.filter((r) => r.path === bob.path)).toHaveLength(1);
    alice.socket.close();
  });

  it('a 410 from the push service deletes the subscription', async () => {
    const alice = await newClient(server);
    const bob = await offlineSubscriber(`/status/410/${++n}`);
    const dm = await dmWith(alice.socket, bob.user.id);
    await send(alice.socket, dm.id, 'are you there?');
    await push.next(bob.path);
    await server.push.drain();
    expect(await server.storage.listPushSubscriptions(bob.user.id)).toEqual([]);
  });

  it('someone removed from a private channel is pushed nothing from it', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const { conversation: secret } = await call(alice.socket, 'channel:create', { name: `secret-${++n}`, visibility: 'private' });
    await call(alice.socket, 'channel:invite', { conversationId: secret.id, username: bob.user.username });
    bob.socket.close();
    const keys = browserKeys(`${push.origin}/removed/${++n}`);
    // Bob subscribes from a new tab and closes it; he is then removed.
    const tab = await connect(server, bob.token);
    await call(tab, 'push:subscribe', keys.subscription);
    tab.close();
    await until(async () => !(await server.flack.presenceOf([bob.user.id]))[0]!.online);
    await call(alice.socket, 'channel:remove', { conversationId: secret.id, userId: bob.user.id });
    await send(alice.socket, secret.id, `@channel and @${bob.user.username}`);
    const carol = await offlineSubscriber();
    await send(alice.socket, (await dmWith(alice.socket, carol.user.id)).id, 'later');
    await push.next(carol.path);
    await server.push.drain();
    expect(push.received.filter((r) => r.path === keys.subscription.endpoint.slice(push.origin.length))).toEqual([]);
  });

  it('refuses malformed subscriptions, and lists and removes your devices', async () => {
    const alice = await newClient(server);
    const good = browserKeys(`${push.origin}/mine/${++n}`).subscription;
    for (const bad of [
      { ...good, endpoint: 'not a url' },
      { ...good, endpoint: 'ftp://push.example/x' },
      { ...good, endpoint: `https://push.example/${'x'.repeat(2100)}` },
      { ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(2) } },
      { ...good, keys: { ...good.keys, auth: `${good.keys.auth}AA` } },
      { ...good, keys: { ...good.keys, auth: good.keys.auth.replace(/.$/, '+') } },
    ]) {
      expect(await errorCode(alice.socket, 'push:subscribe', bad)).toBe('invalid');
    }
    const { device } = await call(alice.socket, 'push:subscribe', good);
    expect(await call(alice.socket, 'push:list', {})).toEqual({ devices: [{ id: device.id, createdAt: expect.any(Number), lastSuccessAt: null, userAgent: expect.any(String) }] });
    const bob = await newClient(server);
    expect(await errorCode(bob.socket, 'push:unsubscribe', { id: device.id })).toBe('not_found');
    await call(alice.socket, 'push:unsubscribe', { endpoint: good.endpoint });
    expect(await call(alice.socket, 'push:list', {})).toEqual({ devices: [] });
    alice.socket.close();
    bob.socket.close();
  });

  it('signing out ends the subscription of that session', async () => {
    const alice = await newClient(server);
    await call(alice.socket, 'push:subscribe', browserKeys(`${push.origin}/signout/${++n}`).subscription);
    const res = await fetch(`${server.url}/api/auth/signout`, { method: 'POST', headers: { cookie: `flack_session=${alice.token}`, origin: server.url } });
    expect(res.status).toBeLessThan(300);
    expect(await server.storage.listPushSubscriptions(alice.user.id)).toEqual([]);
  });

  it('a push service that never answers does not hold up message:send', async () => {
    const alice = await newClient(server);
    const bob = await offlineSubscriber(`/hang/${++n}`);
    const dm = await dmWith(alice.socket, bob.user.id);
    const started = Date.now();
    for (let i = 0; i < 5; i++) await send(alice.socket, dm.id, `ping ${i}`);
    expect(Date.now() - started).toBeLessThan(1000);
    await push.next(bob.path);
    alice.socket.close();
  });
});

describe('Web Push without PUSH_ALLOW_HTTP', () => {
  it('refuses http endpoints', async () => {
    const plain = await startTestServer();
    try {
      const alice = await newClient(plain);
      expect(await errorCode(alice.socket, 'push:subscribe', browserKeys('http://127.0.0.1:9/x').subscription)).toBe('invalid');
      alice.socket.close();
    } finally {
      await plain.close();
    }
  });
});
