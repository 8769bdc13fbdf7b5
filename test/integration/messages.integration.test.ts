import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/shared/protocol.js';
import {
  call,
  connect,
  errorCode,
  newClient,
  nextMessage,
  startTestServer,
  type TestServer,
  uniqueName,
} from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function channelWithTwo() {
  const alice = await newClient(server);
  const bob = await newClient(server);
  const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('room'), visibility: 'public' });
  await call(bob.socket, 'channel:join', { conversationId: conversation.id });
  return { alice, bob, conversationId: conversation.id };
}

describe('messages', () => {
  it('delivers a message live to every member with author, server time and the next sequence number', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    const before = Date.now();
    const arrives = nextMessage(bob.socket, (m) => m.body === 'hello bob');
    const { message } = await call(alice.socket, 'message:send', { conversationId, clientId: 'c1', body: 'hello bob' });
    expect(await arrives).toEqual(message);
    expect(message).toMatchObject({ authorId: alice.user.id, authorName: alice.user.username, kind: 'user', clientId: 'c1' });
    expect(message.createdAt).toBeGreaterThanOrEqual(before);
    const again = await call(alice.socket, 'message:send', { conversationId, clientId: 'c2', body: 'and again' });
    expect(again.message.seq).toBe(message.seq + 1);
    alice.socket.close();
    bob.socket.close();
  });

  it('refuses empty, whitespace-only and over-long messages with clear codes', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    expect(await errorCode(alice.socket, 'message:send', { conversationId, clientId: 'e1', body: '' })).toBe('empty');
    expect(await errorCode(alice.socket, 'message:send', { conversationId, clientId: 'e2', body: ' \n\t ' })).toBe('empty');
    for (const [i, body] of ['\u200B', '\u0001', '\u3164', '\u200B\u3164\u0001 '].entries()) {
      expect(await errorCode(alice.socket, 'message:send', { conversationId, clientId: `inv${i}`, body }), JSON.stringify(body)).toBe('empty');
    }
    expect(
      await errorCode(alice.socket, 'message:send', { conversationId, clientId: 'e3', body: 'x'.repeat(LIMITS.messageMax + 1) }),
    ).toBe('too_long');
    const { message } = await call(alice.socket, 'message:send', { conversationId, clientId: 'e4', body: 'x'.repeat(LIMITS.messageMax) });
    expect(message.body.length).toBe(LIMITS.messageMax);
    alice.socket.close();
    bob.socket.close();
  });

  it('a retried send with the same clientId returns the original and stores nothing new', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    const first = await call(alice.socket, 'message:send', { conversationId, clientId: 'retry-me', body: 'once' });
    const retry = await call(alice.socket, 'message:send', { conversationId, clientId: 'retry-me', body: 'once' });
    expect(retry.message).toEqual(first.message);
    const page = await call(bob.socket, 'history', { conversationId });
    expect(page.messages.filter((m) => m.clientId === 'retry-me')).toHaveLength(1);
    // Another user may use the same clientId: the key is per author.
    const bobs = await call(bob.socket, 'message:send', { conversationId, clientId: 'retry-me', body: 'mine' });
    expect(bobs.message.id).not.toBe(first.message.id);
    alice.socket.close();
    bob.socket.close();
  });

  it('opens on the newest 100 and pages back to the very first message', async () => {
    const { alice, conversationId } = await channelWithTwo();
    const total = 250;
    for (let i = 1; i <= total; i++) {
      await call(alice.socket, 'message:send', { conversationId, clientId: `m${i}`, body: `message ${i}` });
    }
    const newest = await call(alice.socket, 'history', { conversationId });
    expect(newest.messages).toHaveLength(100);
    expect(newest.hasMore).toBe(true);
    expect(newest.messages.at(-1)?.body).toBe(`message ${total}`);
    const all = [...newest.messages];
    let page = newest;
    while (page.hasMore) {
      page = await call(alice.socket, 'history', { conversationId, before: all[0]!.seq });
      all.unshift(...page.messages);
    }
    const seqs = all.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(all.filter((m) => m.kind === 'user')).toHaveLength(total);
    expect(all[0]!.kind).toBe('system'); // bob's "joined the channel" (the creator's channel starts empty)
    alice.socket.close();
  });

  it('sync returns exactly what a client missed, in order', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    const { message } = await call(alice.socket, 'message:send', { conversationId, clientId: 's0', body: 'seen' });
    bob.socket.close();
    for (let i = 1; i <= 3; i++) await call(alice.socket, 'message:send', { conversationId, clientId: `s${i}`, body: `missed ${i}` });
    const back = await connect(server, bob.token);
    const reply = await call(back, 'sync', { positions: [{ conversationId, clock: message.clock }] });
    expect(reply.reset).toEqual([]);
    expect(reply.changes).toHaveLength(1);
    expect(reply.changes[0]).toMatchObject({ conversationId, since: message.clock, clock: message.clock + 3 });
    expect(reply.changes[0]!.messages.map((m) => m.body)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    alice.socket.close();
    back.close();
  });

  it('keeps all history across a server restart', async () => {
    const own = await startTestServer();
    const alice = await newClient(own);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('durable'), visibility: 'private' });
    for (let i = 1; i <= 20; i++) {
      await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: `d${i}`, body: `durable ${i}` });
    }
    alice.socket.close();
    const restarted = await own.restart();
    const again = await connect(restarted, alice.token); // sessions survive too
    const page = await call(again, 'history', { conversationId: conversation.id });
    expect(page.messages.map((m) => m.body)).toEqual(Array.from({ length: 20 }, (_, i) => `durable ${i + 1}`));
    const { message } = await call(again, 'message:send', { conversationId: conversation.id, clientId: 'd21', body: 'after' });
    expect(message.seq).toBe(21);
    again.close();
    await restarted.close();
  });
});
