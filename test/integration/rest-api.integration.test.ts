import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, SESSION_COOKIE, type ChangeBatch, type ConversationView, type HistoryPage, type Message, type ThreadPage, type User } from '../../src/shared/protocol.js';
import { call, errorCode, newClient, nextEvent, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';
import { rest } from './rest-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Reply = { message: Message };
type Failure = { error: { code: string; message: string; retryAfterMs?: number } };

/** Alice and Bob in a new public channel, each with a socket and a REST client. */
async function channelWithTwo() {
  const alice = await newClient(server);
  const bob = await newClient(server);
  const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('rest'), visibility: 'public' });
  await call(bob.socket, 'channel:join', { conversationId: conversation.id });
  const close = () => [alice, bob].forEach((c) => c.socket.close());
  return { alice, bob, aliceApi: rest(server, alice.token), bobApi: rest(server, bob.token), id: conversation.id, close };
}

describe('the REST API', () => {
  it('lets a script with a bearer token post, edit, react, reply, read and delete', async () => {
    const { alice, aliceApi: api, id, close } = await channelWithTwo();
    expect((await api.get<{ user: User }>('/api/v1/me')).body.user).toEqual(alice.user);
    const list = await api.get<{ conversations: ConversationView[] }>('/api/v1/conversations');
    expect(list.body.conversations.map((c) => c.id)).toContain(id);

    const sent = await api.send<Reply>('POST', `/api/v1/conversations/${id}/messages`, { text: 'deploy finished' });
    expect(sent.status).toBe(201);
    const { message } = sent.body;
    expect(message).toMatchObject({ conversationId: id, authorId: alice.user.id, body: 'deploy finished', kind: 'user' });
    expect(message.clientId).toMatch(/^[0-9a-f-]{36}$/); // none given: a fresh one, so a new message each time

    const edited = await api.send<Reply>('PATCH', `/api/v1/messages/${message.id}`, { text: 'deploy finished (v2)' });
    expect(edited.body.message).toMatchObject({ id: message.id, body: 'deploy finished (v2)', editedAt: expect.any(Number) });
    const thumbs = `/api/v1/messages/${message.id}/reactions/${encodeURIComponent('👍')}`;
    expect((await api.send<Reply>('PUT', thumbs)).body.message.reactions).toEqual([{ emoji: '👍', userIds: [alice.user.id] }]);
    expect((await api.send<Reply>('PUT', thumbs)).body.message.reactions).toHaveLength(1);

    const reply = await api.send<Reply>('POST', `/api/v1/conversations/${id}/messages`, { text: 'details inside', threadId: message.id });
    expect(reply.body.message.threadId).toBe(message.id);
    const thread = await api.get<ThreadPage>(`/api/v1/messages/${message.id}/thread`);
    expect(thread.body.root.thread?.replyCount).toBe(1);
    expect(thread.body.messages.map((m) => m.id)).toEqual([reply.body.message.id]);

    expect((await api.send<Reply>('DELETE', thumbs)).body.message.reactions).toEqual([]);
    const page = await api.get<HistoryPage>(`/api/v1/conversations/${id}/messages?limit=1`);
    expect(page.body.messages.map((m) => m.id)).toEqual([message.id]);
    expect(page.body).toMatchObject({ hasMore: true, clock: expect.any(Number) });
    const older = await api.get<HistoryPage>(`/api/v1/conversations/${id}/messages?before=${page.body.messages[0]!.seq}`);
    expect(older.body.messages.at(-1)!.seq).toBe(page.body.messages[0]!.seq - 1);

    const members = await api.get<{ members: User[]; next: string | null }>(`/api/v1/conversations/${id}/members?limit=1`);
    expect(members.body.members).toHaveLength(1);
    expect(members.body.next).not.toBeNull();
    const rest2 = await api.get<{ members: User[] }>(`/api/v1/conversations/${id}/members?after=${members.body.next}`);
    expect(rest2.body.members).toHaveLength(1);

    const deleted = await api.send<Reply>('DELETE', `/api/v1/messages/${message.id}`);
    expect(deleted.body.message).toMatchObject({ id: message.id, body: '', deletedAt: expect.any(Number) });
    close();
  });

  it('a message posted over REST reaches members live as the same changes batch a socket send produces', async () => {
    const { alice, bob, aliceApi, id, close } = await channelWithTwo();
    // Matched by clientId: in a cluster, the batch of Bob's join may still be on its way through Redis.
    const batchOf = (clientId: string) => nextEvent(bob.socket, 'changes', (b) => b.messages.some((m) => m.clientId === clientId));
    const overSocket = batchOf('by-socket');
    const acked = await call(alice.socket, 'message:send', { conversationId: id, clientId: 'by-socket', body: 'one' });
    const socketBatch = await overSocket;

    const overRest = batchOf('by-rest');
    const posted = await aliceApi.send<Reply>('POST', `/api/v1/conversations/${id}/messages`, { text: 'two', clientId: 'by-rest' });
    const restBatch = await overRest;

    const envelope = (batch: ChangeBatch, message: Message) => ({
      conversationId: id,
      since: message.clock - 1,
      clock: message.clock,
      messages: [message],
      keys: Object.keys(batch.messages[0]!).sort(),
    });
    expect({ ...restBatch, keys: Object.keys(restBatch.messages[0]!).sort() }).toEqual(envelope(restBatch, posted.body.message));
    expect({ ...socketBatch, keys: Object.keys(socketBatch.messages[0]!).sort() }).toEqual(envelope(socketBatch, acked.message));
    expect(Object.keys(restBatch.messages[0]!).sort()).toEqual(Object.keys(socketBatch.messages[0]!).sort());
    expect(restBatch.since).toBe(socketBatch.clock); // one clock: the two sends are consecutive changes
    close();
  });

  it('an edit over the socket is seen over REST, at the clock the socket was told', async () => {
    const { alice, bobApi, id, close } = await channelWithTwo();
    const { message } = await call(alice.socket, 'message:send', { conversationId: id, clientId: 'e1', body: 'draft' });
    const edited = await call(alice.socket, 'message:edit', { messageId: message.id, body: 'final' });
    const page = await bobApi.get<HistoryPage>(`/api/v1/conversations/${id}/messages`);
    expect(page.body.messages.find((m) => m.id === message.id)).toEqual(edited.message);
    expect(page.body.clock).toBe(edited.message.clock);
    close();
  });

  it('answers the same bad input with the same error codes as the socket', async () => {
    const { alice, bob, aliceApi, id, close } = await channelWithTwo();
    const { conversation: secret } = await call(bob.socket, 'channel:create', { name: uniqueName('secret'), visibility: 'private' });
    const { conversation: unjoined } = await call(bob.socket, 'channel:create', { name: uniqueName('open'), visibility: 'public' });
    const cases: { conversationId: number; body: unknown; status: number; code: string }[] = [
      { conversationId: secret.id, body: 'hello', status: 404, code: 'not_found' },
      { conversationId: 999_999, body: 'hello', status: 404, code: 'not_found' },
      { conversationId: unjoined.id, body: 'hello', status: 403, code: 'forbidden' },
      { conversationId: id, body: 'x'.repeat(LIMITS.messageMax + 1), status: 400, code: 'too_long' },
      { conversationId: id, body: ' \n ', status: 400, code: 'empty' },
      { conversationId: id, body: 42, status: 400, code: 'invalid' },
      { conversationId: id, body: 'x'.repeat(LIMITS.messageMax * 4 + 1), status: 400, code: 'invalid' },
    ];
    for (const [i, { conversationId, body, status, code }] of cases.entries()) {
      const overRest = await aliceApi.send<Failure>('POST', `/api/v1/conversations/${conversationId}/messages`, { text: body });
      expect([overRest.status, overRest.body.error.code], JSON.stringify({ conversationId, code })).toEqual([status, code]);
      const payload = { conversationId, clientId: `bad-${i}`, body } as { conversationId: number; clientId: string; body: string };
      expect(await errorCode(alice.socket, 'message:send', payload)).toBe(code);
    }
    const { message } = await call(alice.socket, 'message:send', { conversationId: id, clientId: 'react-to-me', body: 'x' });
    const notAnEmoji = await aliceApi.send<Failure>('PUT', `/api/v1/messages/${message.id}/reactions/abc`);
    expect([notAnEmoji.status, notAnEmoji.body.error.code]).toEqual([400, await errorCode(alice.socket, 'reaction:add', { messageId: message.id, emoji: 'abc' })]);
    const { message: bobs } = await call(bob.socket, 'message:send', { conversationId: id, clientId: 'not-yours', body: 'x' });
    const notYours = await aliceApi.send<Failure>('PATCH', `/api/v1/messages/${bobs.id}`, { text: 'mine now' });
    expect([notYours.status, notYours.body.error.code]).toEqual([403, await errorCode(alice.socket, 'message:edit', { messageId: bobs.id, body: 'mine now' })]);
    const history = await aliceApi.get<Failure>(`/api/v1/conversations/${secret.id}/messages`);
    expect([history.status, history.body.error.code]).toEqual([404, await errorCode(alice.socket, 'history', { conversationId: secret.id })]);
    const members = await aliceApi.get<Failure>(`/api/v1/conversations/${secret.id}/members`);
    expect([members.status, members.body.error.code]).toEqual([404, 'not_found']);
    close();
  });

  it('names the field of bad input, wherever it is: path, query, header or body', async () => {
    const { aliceApi: api, id, close } = await channelWithTwo();
    const invalid = async (result: Promise<{ status: number; body: unknown }>, field: string) => {
      const { status, body } = await result;
      expect(status).toBe(400);
      expect((body as Failure).error).toMatchObject({ code: 'invalid', message: expect.stringMatching(new RegExp(`^${field}: `)) });
    };
    await invalid(api.get(`/api/v1/conversations/abc/messages`), 'id');
    await invalid(api.get(`/api/v1/conversations/${id}/messages?limit=0`), 'limit');
    await invalid(api.get(`/api/v1/conversations/${id}/messages?limit=${LIMITS.historyPage + 1}`), 'limit');
    await invalid(api.get(`/api/v1/conversations/${id}/messages?before=-1`), 'before');
    await invalid(api.get(`/api/v1/conversations/${id}/members?limit=1&limit=2`), 'limit');
    await invalid(api.send('POST', `/api/v1/conversations/${id}/messages`, { text: 'x', threadId: 'one' }), 'threadId');
    await invalid(api.send('POST', `/api/v1/conversations/${id}/messages`, { text: 'x' }, { 'idempotency-key': 'k'.repeat(65) }), 'idempotency-key');
    await invalid(api.send('PATCH', `/api/v1/messages/1`, {}), 'text');
    // Two of before, after and around: the core's own rule, as for the socket.
    expect((await api.get<Failure>(`/api/v1/conversations/${id}/messages?before=5&after=1`)).body.error.code).toBe('invalid');
    close();
  });

  it('asks for a session, and keeps the CSRF rule for the cookie', async () => {
    const { alice, id, close } = await channelWithTwo();
    const anonymous = await rest(server, null).get<Failure>('/api/v1/conversations');
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'unauthorized']);
    const forged = await rest(server, 'not-a-token').send<Failure>('POST', `/api/v1/conversations/${id}/messages`, { text: 'x' });
    expect([forged.status, forged.body.error.code]).toEqual([401, 'unauthorized']);

    const byCookie = rest(server, null);
    const cookie = { cookie: `${SESSION_COOKIE}=${alice.token}` };
    const path = `/api/v1/conversations/${id}/messages`;
    const crossSite = await byCookie.send<Failure>('POST', path, { text: 'x' }, { ...cookie, origin: 'https://evil.example' });
    expect([crossSite.status, crossSite.body.error.code]).toEqual([403, 'forbidden']);
    const noProof = await byCookie.send<Failure>('POST', path, { text: 'x' }, cookie);
    expect([noProof.status, noProof.body.error.code]).toEqual([403, 'forbidden']);
    expect((await byCookie.send('POST', path, { text: 'same site' }, { ...cookie, origin: server.url })).status).toBe(201);
    close();
  });

  it('an Idempotency-Key sent twice stores one message and answers the original both times', async () => {
    const { alice, aliceApi: api, bobApi, id, close } = await channelWithTwo();
    const path = `/api/v1/conversations/${id}/messages`;
    const key = { 'idempotency-key': 'nightly-report-2026-12-07' };
    const first = await api.send<Reply>('POST', path, { text: 'nightly report' }, key);
    const again = await api.send<Reply>('POST', path, { text: 'nightly report' }, key);
    expect(again.status).toBe(201);
    expect(again.body.message).toEqual(first.body.message);
    const page = await bobApi.get<HistoryPage>(path);
    expect(page.body.messages.filter((m) => m.clientId === key['idempotency-key'])).toHaveLength(1);
    // The key is the socket's clientId: a send retried over the other transport is recognised too.
    const socketRetry = await call(alice.socket, 'message:send', { conversationId: id, clientId: key['idempotency-key'], body: 'nightly report' });
    expect(socketRetry.message.id).toBe(first.body.message.id);
    // Bob's key is his own.
    expect((await bobApi.send<Reply>('POST', path, { text: 'mine' }, key)).body.message.id).not.toBe(first.body.message.id);
    const clash = await api.send<Failure>('POST', path, { text: 'x', clientId: 'other' }, key);
    expect([clash.status, clash.body.error.code]).toEqual([400, 'invalid']);
    close();
  });
});

describe('REST rate limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ rateLimits: true });
  });
  afterAll(() => limited.close());

  it('spends the socket events’ bucket of the same user, and answers 429 with Retry-After', async () => {
    const alice = await newClient(limited);
    const api = rest(limited, alice.token);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('flood'), visibility: 'public' });
    const path = `/api/v1/conversations/${conversation.id}/messages`;
    const { message } = await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: 'first', body: 'x' });
    // 60 sends at once, half over each transport: separate buckets would take all 60 (30 each). The shared bucket
    // takes its burst of 30 and what it refills meanwhile (5 a second), however slow the machine.
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 2
          ? api.send<Failure>('POST', path, { text: `rest ${i}` }).then((r) => ({ status: r.status, code: r.body.error?.code, retryAfter: r.headers.get('retry-after') }))
          : call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: `s${i}`, body: `socket ${i}` }).then(
              () => ({ status: 201, code: undefined, retryAfter: null }),
              (e: { error: { code: string } }) => ({ status: 429, code: e.error.code, retryAfter: null }),
            ),
      ),
    );
    const refilled = Math.ceil(((Date.now() - started) / 1000) * 5);
    const accepted = outcomes.filter((o) => o.status === 201).length;
    expect(accepted).toBeGreaterThanOrEqual(29); // the burst, less the send above
    expect(accepted).toBeLessThanOrEqual(Math.min(30 + refilled + 1, 59));
    const refusedOverRest = outcomes.filter((o, i) => i % 2 && o.status === 429);
    expect(refusedOverRest.length).toBeGreaterThan(0);
    for (const refusal of refusedOverRest) {
      expect(refusal.code).toBe('rate_limited');
      expect(Number(refusal.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Reactions and reads have buckets of their own, as over the socket: the flood of messages stops neither.
    expect((await api.send('PUT', `/api/v1/messages/${message.id}/reactions/${encodeURIComponent('🎉')}`)).status).toBe(200);
    expect((await api.get(path)).status).toBe(200);
    alice.socket.close();
  });
});
