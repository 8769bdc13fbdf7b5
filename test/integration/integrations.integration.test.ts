// Bot accounts and incoming webhooks, over real sockets and HTTP, on both stores: an admin makes them; a bot signs
// in with its token and sees only its channels; a webhook's URL posts into its channel (Flack's and Slack's
// payloads); rotation, deactivation and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedToken } from '../../src/shared/integrations.js';
import type { AuthReply, ConversationView } from '../../src/shared/protocol.js';
import {
  call,
  connect,
  errorCode,
  nextEvent,
  nextMessage,
  PASSWORD,
  postJson,
  signUp,
  startTestServer,
  uniqueName,
  type ClientSocket,
  type TestServer,
} from '../helpers/flack.js';

let server: TestServer;
let admin: AuthReply & { socket: ClientSocket };
let member: AuthReply & { socket: ClientSocket };
let builds: ConversationView;
const sockets: ClientSocket[] = [];

const hookPost = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/hooks/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as { ok?: true; message?: { id: number }; error?: { code: string } } }));

const connectAs = async (token: string) => {
  const socket = await connect(server, token);
  sockets.push(socket);
  return socket;
};

beforeAll(async () => {
  server = await startTestServer();
  const first = await signUp(server, uniqueName('founder')); // the owner
  admin = { ...first, socket: await connectAs(first.token) };
  const second = await signUp(server, uniqueName('mia'));
  member = { ...second, socket: await connectAs(second.token) };
  builds = (await call(admin.socket, 'channel:create', { name: uniqueName('builds'), visibility: 'public' })).conversation;
  await call(member.socket, 'channel:join', { conversationId: builds.id });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

describe('bot accounts', () => {
  let made: IssuedToken;

  it('an admin makes a bot in a channel; it signs in with its token, posts there, and is marked as a bot', async () => {
    const announced = nextEvent(member.socket, 'user', (user) => user.username.startsWith('deploybot'));
    made = await call(admin.socket, 'admin:bot:create', { username: uniqueName('deploybot'), channelIds: [builds.id] });
    expect(made.token).toMatch(/^flackbot_[A-Za-z0-9_-]{43}$/);
    expect(made.integration).toMatchObject({ kind: 'bot', channelId: null, createdBy: admin.user.id, lastUsedAt: null });
    expect(made.integration.user).toMatchObject({ role: 'guest', bot: { colour: expect.stringMatching(/^#[0-9a-f]{6}$/) } });
    expect((await announced).bot).toBeDefined();

    const bot = await connectAs(made.token);
    const seen = nextMessage(member.socket, (m) => m.body === 'Deployed v1.2');
    await call(bot, 'message:send', { conversationId: builds.id, clientId: 'deploy-1', body: 'Deployed v1.2' });
    expect((await seen).authorId).toBe(made.integration.user.id);
    // The same token is a bearer token for HTTP.
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${made.token}` } });
    expect(((await me.json()) as AuthReply).user).toMatchObject({ id: made.integration.user.id, bot: expect.any(Object) });
    // …and posts over the REST API, marked as a bot there too.
    const restSeen = nextMessage(member.socket, (m) => m.body === 'Deployed v1.3');
    const rest = await fetch(`${server.url}/api/v1/conversations/${builds.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${made.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Deployed v1.3' }),
    });
    expect(rest.status).toBe(201);
    expect((await restSeen).authorId).toBe(made.integration.user.id);
    const { bots } = await call(admin.socket, 'admin:integrations', {});
    expect(bots.find((b) => b.user.id === made.integration.user.id)?.lastUsedAt).toEqual(expect.any(Number));
  });

  it('sees only the channels it was added to; members can add it to more; it cannot browse, create or sign in with a password', async () => {
    const bot = await connectAs(made.token);
    const { conversations } = await call(bot, 'state', {});
    expect(conversations.map((c) => c.id)).toEqual([builds.id]);
    const general = (await call(member.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    expect(await errorCode(bot, 'message:send', { conversationId: general.id, clientId: 'x', body: 'hi' })).toBe('not_found');
    expect(await errorCode(bot, 'channel:create', { name: uniqueName('botroom'), visibility: 'public' })).toBe('forbidden');
    expect(await errorCode(bot, 'channels:browse', {})).toBe('forbidden');
    const signIn = await postJson(server.url, '/api/auth/signin', { username: made.integration.user.username, password: PASSWORD });
    expect(signIn.status).toBe(401);

    const ops = (await call(member.socket, 'channel:create', { name: uniqueName('ops'), visibility: 'private' })).conversation;
    const added = nextEvent(bot, 'membership', (change) => change.conversationId === ops.id);
    await call(member.socket, 'channel:invite', { conversationId: ops.id, username: made.integration.user.username });
    await added;
    await call(bot, 'message:send', { conversationId: ops.id, clientId: 'ops-1', body: 'ready' });
  });

  it('its role cannot change; rotating its token closes its sockets and the old token stops working', async () => {
    expect(await errorCode(admin.socket, 'admin:role', { userId: made.integration.user.id, role: 'member' })).toBe('invalid');
    const bot = await connectAs(made.token);
    const closed = new Promise((resolve) => bot.once('disconnect', resolve));
    const rotated = await call(admin.socket, 'admin:integration:rotate', { userId: made.integration.user.id });
    expect(rotated.token).not.toBe(made.token);
    expect(rotated.integration.tokenIssuedAt).toBeGreaterThanOrEqual(made.integration.tokenIssuedAt);
    await closed;
    await expect(connect(server, made.token)).rejects.toThrow();
    const again = await connectAs(rotated.token);
    await call(again, 'message:send', { conversationId: builds.id, clientId: 'after-rotate', body: 'still here' });
    made = rotated;
  });

  it('deactivating it shuts it out; reactivating lets it back in', async () => {
    const bot = await connectAs(made.token);
    const closed = new Promise((resolve) => bot.once('disconnect', resolve));
    await call(admin.socket, 'admin:deactivate', { userId: made.integration.user.id, deactivated: true });
    await closed;
    await expect(connect(server, made.token)).rejects.toThrow();
    await call(admin.socket, 'admin:deactivate', { userId: made.integration.user.id, deactivated: false });
    await connectAs(made.token);
  });

  it('only admins make bots; bad names, taken names and colours are refused with their codes', async () => {
    expect(await errorCode(member.socket, 'admin:bot:create', { username: uniqueName('sneaky') })).toBe('forbidden');
    expect(await errorCode(member.socket, 'admin:integrations', {})).toBe('forbidden');
    expect(await errorCode(admin.socket, 'admin:bot:create', { username: member.user.username })).toBe('username_taken');
    expect(await errorCode(admin.socket, 'admin:bot:create', { username: 'no spaces allowed' })).toBe('username_invalid');
    expect(await errorCode(admin.socket, 'admin:bot:create', { username: uniqueName('b'), colour: 'red' })).toBe('invalid');
    expect(await errorCode(admin.socket, 'admin:bot:create', { username: uniqueName('b'), channelIds: [999_999] })).toBe('not_found');
    expect(await errorCode(admin.socket, 'admin:integration:rotate', { userId: member.user.id })).toBe('not_found');
    // A private channel the admin is not in stays hidden from them.
    const secret = (await call(member.socket, 'channel:create', { name: uniqueName('secret'), visibility: 'private' })).conversation;
    expect(await errorCode(admin.socket, 'admin:bot:create', { username: uniqueName('b'), channelIds: [secret.id] })).toBe('not_found');
  });
});

describe('incoming webhooks', () => {
  let hook: IssuedToken;

  it('a webhook posts into its channel as its name, from Flack’s payload and answers with the message', async () => {
    hook = await call(admin.socket, 'admin:webhook:create', { name: uniqueName('CI'), channelId: builds.id });
    expect(hook.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hook.integration).toMatchObject({ kind: 'webhook', channelId: builds.id, user: { bot: expect.any(Object) } });
    const seen = nextMessage(member.socket, (m) => m.body === 'Build #42 passed ✅');
    const posted = await hookPost(hook.token, { text: 'Build #42 passed ✅' });
    expect(posted).toMatchObject({ status: 200, body: { ok: true, message: { id: expect.any(Number) } } });
    const message = await seen;
    expect([message.id, message.authorId, message.conversationId]).toEqual([posted.body.message!.id, hook.integration.user.id, builds.id]);
    // A webhook's token signs in nowhere.
    await expect(connect(server, hook.token)).rejects.toThrow();
  });

  it('takes Slack’s payload — links, mentions, attachments, blocks — as JSON or as a form', async () => {
    const seen = nextMessage(member.socket, (m) => m.body.startsWith('Deploy <done>'));
    const slack = await hookPost(hook.token, {
      text: 'Deploy &lt;done&gt; by <https://ci.example/run/7|run 7> <!here>',
      username: 'ignored', icon_emoji: ':ghost:', channel: '#elsewhere',
      attachments: [{ color: 'good', title: 'Tests', title_link: 'https://ci.example/t', text: '312 passed', fields: [{ title: 'Time', value: '4m', short: true }] }],
    });
    expect(slack.status).toBe(200);
    expect((await seen).body).toBe('Deploy <done> by [run 7](https://ci.example/run/7) @here\n\n**[Tests](https://ci.example/t)**\n312 passed\n**Time** 4m');

    const blocks = nextMessage(member.socket, (m) => m.body.startsWith('**Release**'));
    await hookPost(hook.token, { text: 'fallback', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Release' } }, { type: 'section', text: { type: 'mrkdwn', text: 'v2 is out' } }] });
    expect((await blocks).body).toBe('**Release**\n\nv2 is out');

    const form = nextMessage(member.socket, (m) => m.body === 'from a form');
    const response = await fetch(`${server.url}/hooks/${hook.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payload: JSON.stringify({ text: 'from a form' }) }).toString(),
    });
    expect(response.status).toBe(200);
    await form;
  });

  it('an Idempotency-Key posts once however often it is sent', async () => {
    const key = { 'idempotency-key': 'build-43' };
    const first = await hookPost(hook.token, { text: 'Build #43 passed' }, key);
    const again = await hookPost(hook.token, { text: 'Build #43 passed' }, key);
    expect(again.body.message!.id).toBe(first.body.message!.id);
  });

  it('bad input gets a clear error and posts nothing', async () => {
    expect(await hookPost(hook.token, {})).toMatchObject({ status: 400, body: { error: { code: 'empty' } } });
    expect(await hookPost(hook.token, '{"text":')).toMatchObject({ status: 400 });
    expect(await hookPost(hook.token, { text: 42 })).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    expect(await hookPost(hook.token, { text: 'x'.repeat(5000) })).toMatchObject({ status: 400, body: { error: { code: 'too_long' } } });
    expect(await hookPost(hook.token, { attachments: Array(21).fill({ text: 'a' }) })).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    const huge = await hookPost(hook.token, { text: 'y'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(await hookPost('A'.repeat(43), { text: 'guess' })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await hookPost('../../etc', { text: 'guess' })).toMatchObject({ status: 404 });
    // None of it reached the channel: the next message the member sees is this one.
    const next = nextMessage(member.socket);
    await hookPost(hook.token, { text: 'after the bad ones' });
    expect((await next).body).toBe('after the bad ones');
  });

  it('rotating gives a new URL and kills the old; revoking (deactivating) kills it; only admins make webhooks', async () => {
    const rotated = await call(admin.socket, 'admin:integration:rotate', { userId: hook.integration.user.id });
    expect((await hookPost(hook.token, { text: 'old url' })).status).toBe(404);
    expect((await hookPost(rotated.token, { text: 'new url' })).status).toBe(200);
    await call(admin.socket, 'admin:deactivate', { userId: hook.integration.user.id, deactivated: true });
    expect((await hookPost(rotated.token, { text: 'revoked' })).status).toBe(404);
    const { webhooks } = await call(admin.socket, 'admin:integrations', {});
    expect(webhooks.find((w) => w.user.id === hook.integration.user.id)?.user.deactivated).toBe(true);
    expect(await errorCode(member.socket, 'admin:webhook:create', { name: uniqueName('x'), channelId: builds.id })).toBe('forbidden');
    const dm = (await call(admin.socket, 'dm:open', { userIds: [member.user.id] })).conversation;
    expect(await errorCode(admin.socket, 'admin:webhook:create', { name: uniqueName('x'), channelId: dm.id })).toBe('invalid');
  });

  it('is rate limited per webhook, with Retry-After', async () => {
    const limited = await startTestServer({ rateLimits: true });
    try {
      const owner = await signUp(limited, uniqueName('boss'));
      const socket = await connect(limited, owner.token);
      const channel = (await call(socket, 'channel:create', { name: uniqueName('flood'), visibility: 'public' })).conversation;
      const { token } = await call(socket, 'admin:webhook:create', { name: uniqueName('flood'), channelId: channel.id });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 32; i++) {
        const response = await fetch(`${limited.url}/hooks/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `n${i}` }) });
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
      }
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      socket.close();
    } finally {
      await limited.close();
    }
  });
});

