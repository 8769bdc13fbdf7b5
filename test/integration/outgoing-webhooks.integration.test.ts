// Outgoing webhooks end to end, on both stores: a local HTTP receiver plays the target and verifies every
// request with the documented verify function; members watch the channel over real sockets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFlackSignature } from '../../src/server/outgoing/signature.js';
import type { OutgoingPayload } from '../../src/shared/outgoing.js';
import { call, connect, errorCode, newClient, nextMessage, sleep, startTestServer, uniqueName, type ClientSocket, type TestServer } from '../helpers/flack.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  payload: OutgoingPayload;
  verified: boolean;
}

// Each hook posts to a path of its own; `answers` says how each path answers (default: 200, no reply).
type Answer = (received: Received, response: ServerResponse) => void;
const answers = new Map<string, Answer>();
const received: Received[] = [];
const secrets = new Map<string, string>();
let receiver: Server;
let target: string;

const json = (response: ServerResponse, status: number, body: unknown = {}) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const seenAt = (path: string) => received.filter((r) => r.path === path);
async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(50)) {
    const value = await check();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

let server: TestServer;
type Client = { socket: ClientSocket; user: { id: number }; token: string };
let owner: Client;
let bot: Client;
let member: Client;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const headers = { timestamp: request.headers['x-flack-timestamp'] as string, signature: request.headers['x-flack-signature'] as string };
      const entry: Received = { path, headers: request.headers, payload: JSON.parse(body) as OutgoingPayload, verified: verifyFlackSignature(secrets.get(path) ?? '', headers, body) };
      received.push(entry);
      (answers.get(path) ?? ((_r, res) => json(res, 200)))(entry, response);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  server = await startTestServer({ webhookAllowPrivate: true, outgoingLeaseMs: 6_000 });
  owner = await newClient(server); // the first account owns the workspace
  bot = await newClient(server);
  member = await newClient(server);
});
afterAll(async () => {
  for (const client of [owner, bot, member]) client?.socket.close();
  await server?.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

/** A channel the owner, the bot and the member are in, with a hook on it posting to `/<path>`. */
async function hookedChannel(path: string, more: { trigger?: 'message' | 'words'; words?: string[] } = {}) {
  const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('hooked'), visibility: 'public' });
  await call(bot.socket, 'channel:join', { conversationId: conversation.id });
  await call(member.socket, 'channel:join', { conversationId: conversation.id });
  const { hook, secret } = await call(owner.socket, 'admin:outgoing:create', {
    name: path, url: `${target}/${path}`, channelId: conversation.id, trigger: more.trigger ?? 'message', words: more.words, posterUserId: bot.user.id,
  });
  secrets.set(`/${path}`, secret);
  return { channelId: conversation.id, hook };
}
let sent = 0;
const send = (socket: ClientSocket, conversationId: number, body: string) =>
  call(socket, 'message:send', { conversationId, clientId: `c${++sent}`, body });
/** A hook's delivery log once every delivery in it is delivered: nothing of it is sent again after that. */
const allDelivered = (hookId: number, count: number) =>
  until(`${count} deliveries delivered`, async () => {
    const { deliveries } = await call(owner.socket, 'admin:outgoing:deliveries', { hookId });
    return deliveries.length === count && deliveries.every((d) => d.status === 'delivered') && deliveries;
  });

describe('outgoing webhooks', () => {
  it('post a signed event for a new message; the answer {text} appears in the channel as the poster', async () => {
    answers.set('/pong', (r, response) => json(response, 200, r.payload.message.text === 'ping' ? { text: 'pong' } : {}));
    const { channelId, hook } = await hookedChannel('pong');
    const pong = nextMessage(member.socket, (m) => m.body === 'pong');
    const { message } = await send(member.socket, channelId, 'ping');
    const reply = await pong;
    expect(reply).toMatchObject({ authorId: bot.user.id, conversationId: channelId, threadId: null });
    const [event, ...more] = seenAt('/pong');
    expect(more).toEqual([]);
    expect(event!.verified).toBe(true);
    expect(event!.headers['idempotency-key']).toBe(`${hook.id}:${message.id}`);
    expect(event!.payload).toEqual({
      id: `${hook.id}:${message.id}`, hook: { id: hook.id, name: 'pong' }, channel: { id: channelId, name: expect.any(String) },
      message: { id: message.id, seq: message.seq, threadId: null, text: 'ping', createdAt: message.createdAt, author: { id: member.user.id, username: expect.any(String) } },
    });
    // The bot's own reply does not fire the hook: the next event after 'ping' is the member's next message.
    const { message: later } = await send(member.socket, channelId, 'later');
    const deliveries = await allDelivered(hook.id, 2);
    expect(seenAt('/pong').map((r) => r.payload.message.text)).toEqual(['ping', 'later']);
    expect(deliveries).toEqual([
      expect.objectContaining({ id: `${hook.id}:${later.id}`, status: 'delivered', attempts: 1, lastStatus: 200 }),
      expect.objectContaining({ id: `${hook.id}:${message.id}`, status: 'delivered', attempts: 1, lastStatus: 200 }),
    ]);
  });

  it('answer {text, thread: true} replies in the message’s thread', async () => {
    answers.set('/threaded', (_r, response) => json(response, 200, { text: 'in thread', thread: true }));
    const { channelId } = await hookedChannel('threaded');
    const reply = nextMessage(member.socket, (m) => m.body === 'in thread');
    const { message } = await send(member.socket, channelId, 'start');
    expect((await reply).threadId).toBe(message.id);
  });

  it('a failing target is tried again and delivered once; the delivery log shows the attempts', { timeout: 30_000 }, async () => {
    let calls = 0;
    answers.set('/flaky', (_r, response) => json(response, ++calls === 1 ? 500 : 200));
    const { channelId, hook } = await hookedChannel('flaky');
    await send(member.socket, channelId, 'hello');
    await until('the first attempt', () => seenAt('/flaky').length === 1);
    const log = () => call(owner.socket, 'admin:outgoing:deliveries', { hookId: hook.id });
    const failed = await until('the 500 in the log', async () => (await log()).deliveries.find((d) => d.lastStatus === 500));
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500', nextAttemptAt: expect.any(Number) });
    await until('the retry', () => seenAt('/flaky').length === 2, 20_000);
    const [delivered] = await allDelivered(hook.id, 1);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    expect(seenAt('/flaky').map((r) => r.payload.id)).toEqual([failed.id, failed.id]);
  });

  it('a target that hangs does not hold up sending', async () => {
    const held: ServerResponse[] = [];
    answers.set('/hang', (_r, response) => void held.push(response));
    const { channelId } = await hookedChannel('hang');
    await send(member.socket, channelId, 'first');
    await until('the hanging request', () => held.length === 1);
    const { message } = await send(member.socket, channelId, 'second');
    // The second message was stored and acknowledged while the first delivery still waits for its answer.
    expect(message.body).toBe('second');
    expect(held[0]!.writableEnded).toBe(false);
    for (const response of held) if (!response.writableEnded) json(response, 200);
  });

  it('a trigger-word hook fires only on messages that start with one of its words', async () => {
    const { channelId } = await hookedChannel('words', { trigger: 'words', words: ['!deploy'] });
    await send(member.socket, channelId, 'please !deploy');
    await send(member.socket, channelId, '!deploy prod');
    await send(member.socket, channelId, 'no deploy here');
    await send(member.socket, channelId, '!deploy staging');
    // The hook looks at messages in order: by the time the last one is delivered, the others were passed over.
    await until('the last word event', () => seenAt('/words').some((r) => r.payload.message.text === '!deploy staging'));
    expect(seenAt('/words').map((r) => [r.payload.message.text, r.payload.trigger])).toEqual([['!deploy prod', '!deploy'], ['!deploy staging', '!deploy']]);
  });

  it('admins only; malformed input and a hook at a private address without WEBHOOK_ALLOW_PRIVATE are invalid', async () => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('plain'), visibility: 'public' });
    const valid = { name: 'x', url: `${target}/x`, channelId: conversation.id, trigger: 'message' as const, posterUserId: bot.user.id };
    expect(await errorCode(member.socket, 'admin:outgoing:create', valid)).toBe('forbidden');
    expect(await errorCode(member.socket, 'admin:outgoing', {})).toBe('forbidden');
    expect(await errorCode(owner.socket, 'admin:outgoing:create', { ...valid, name: 5 } as never)).toBe('invalid');
    expect(await errorCode(owner.socket, 'admin:outgoing:create', { ...valid, url: 'ftp://example.com/' })).toBe('invalid');
    expect(await errorCode(owner.socket, 'admin:outgoing:create', { ...valid, trigger: 'words', words: [] })).toBe('invalid');
    // The bot is not in this channel: it could not post its replies there.
    expect(await errorCode(owner.socket, 'admin:outgoing:create', valid)).toBe('invalid');
    await call(bot.socket, 'channel:join', { conversationId: conversation.id });
    const { hook } = await call(owner.socket, 'admin:outgoing:create', valid);
    expect(await errorCode(owner.socket, 'admin:outgoing:update', { hookId: hook.id, url: 'http://[::1' })).toBe('invalid');
    await call(owner.socket, 'admin:outgoing:delete', { hookId: hook.id });
    const audit = await call(owner.socket, 'admin:audit', {});
    expect(audit.entries.some((e) => e.action === 'denied' && e.detail.action === 'admin:outgoing:create')).toBe(true);

    // Its own store; the same Redis (its keys are prefixed by its own database), not emptied under the running server.
    const strict = await startTestServer({ redisUrl: server.config.redisUrl });
    try {
      const admin = await newClient(strict);
      const { conversation: channel } = await call(admin.socket, 'channel:create', { name: uniqueName('strict'), visibility: 'public' });
      for (const url of [`${target}/x`, 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://0.0.0.0/']) {
        const reply = await call(admin.socket, 'admin:outgoing:create', { ...valid, url, channelId: channel.id, posterUserId: admin.user.id }).then(
          () => 'created',
          (error: { error: { code: string; message: string } }) => `${error.error.code}: ${error.error.message}`,
        );
        expect(reply).toMatch(/^invalid: That URL cannot be a webhook target: .*(loopback|private)/);
      }
      admin.socket.close();
    } finally {
      await strict.close();
    }
  });

  it('an admin updates, disables, rotates and deletes a hook, each in the audit log', async () => {
    answers.set('/admin', (_r, response) => json(response, 200));
    const { channelId, hook } = await hookedChannel('admin');
    const { hook: disabled } = await call(owner.socket, 'admin:outgoing:update', { hookId: hook.id, enabled: false });
    expect(disabled.enabled).toBe(false);
    await send(member.socket, channelId, 'while disabled');
    const { secret } = await call(owner.socket, 'admin:outgoing:rotate', { hookId: hook.id });
    expect(secret).not.toBe(secrets.get('/admin'));
    secrets.set('/admin', secret);
    expect((await call(owner.socket, 'admin:outgoing', {})).hooks.find((h) => h.id === hook.id)).not.toHaveProperty('secret');
    await call(owner.socket, 'admin:outgoing:update', { hookId: hook.id, enabled: true });
    await send(member.socket, channelId, 'enabled again');
    // A disabled hook's cursor stands still: once enabled it sends what came meanwhile too, signed with the new secret.
    await until('both events', () => seenAt('/admin').length === 2);
    expect(seenAt('/admin').map((r) => [r.payload.message.text, r.verified])).toEqual([['while disabled', true], ['enabled again', true]]);
    await call(owner.socket, 'admin:outgoing:delete', { hookId: hook.id });
    expect(await errorCode(owner.socket, 'admin:outgoing:deliveries', { hookId: hook.id })).toBe('not_found');
    const { entries } = await call(owner.socket, 'admin:audit', {});
    expect(entries.filter((e) => e.detail.hook === hook.id).map((e) => e.action)).toEqual([
      'outgoing.delete', 'outgoing.update', 'outgoing.rotate', 'outgoing.update', 'outgoing.create',
    ]);
  });

  it('across a graceful restart with deliveries pending, each delivery id reaches the target exactly once', { timeout: 30_000 }, async () => {
    answers.set('/restart', (_r, response) => void setTimeout(() => json(response, 200), 200));
    const { channelId, hook } = await hookedChannel('restart');
    for (let i = 0; i < 3; i++) await send(member.socket, channelId, `m${i}`);
    await until('the first event', () => seenAt('/restart').length > 0);
    // These are stored, and the restart comes before most of them are even queued: the new node finds them.
    for (let i = 3; i < 6; i++) await send(member.socket, channelId, `m${i}`);
    for (const client of [owner, bot, member]) client.socket.close();
    server = await server.restart();
    await reconnect();
    // Each recorded as delivered at its first attempt: none is left to be sent again.
    const deliveries = await allDelivered(hook.id, 6);
    expect(deliveries.map((d) => d.attempts)).toEqual([1, 1, 1, 1, 1, 1]);
    const ids = seenAt('/restart').map((r) => r.payload.id);
    expect(ids.length).toBe(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('after a hard stop mid-delivery, it is sent again with the same id, and its reply is posted once', { timeout: 40_000 }, async () => {
    const held: ServerResponse[] = [];
    answers.set('/crash', (_r, response) => {
      if (held.length === 0) held.push(response);
      else json(response, 200, { text: 'handled once' });
    });
    const { channelId, hook } = await hookedChannel('crash');
    await send(member.socket, channelId, 'mid-flight');
    await until('the request in flight', () => held.length === 1);
    server.outgoing.abandon(); // what a crash leaves: the delivery leased, its outcome never recorded
    json(held[0]!, 200, { text: 'handled once' });
    for (const client of [owner, bot, member]) client.socket.close();
    server = await server.restart();
    await reconnect();
    await until('the delivery again, once its lease expired', () => seenAt('/crash').length === 2, 20_000);
    const [first, second] = seenAt('/crash');
    expect(second!.payload.id).toBe(first!.payload.id);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    const replies = async () => (await call(member.socket, 'history', { conversationId: channelId })).messages.filter((m) => m.body === 'handled once');
    // The reply is posted before the delivery is recorded as delivered.
    await allDelivered(hook.id, 1);
    expect(await replies()).toHaveLength(1);
    expect(seenAt('/crash')).toHaveLength(2);
  });
});

async function reconnect() {
  for (const client of [owner, bot, member]) client.socket = await connect(server, client.token);
}
