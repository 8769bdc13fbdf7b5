// Drafts over a real server: kept for your other devices (live, and in the next snapshot), cleared with an empty
// body, never for a conversation you are not in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/shared/protocol.js';
import { call, connect, errorCode, newClient, nextEvent, startTestServer, type TestServer } from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('draft:set', () => {
  it('reaches your other devices live and in the snapshot, and an empty body clears it', async () => {
    const alice = await newClient(server);
    const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    const phone = await connect(server, alice.token);
    const told = nextEvent(phone, 'draft');
    await call(alice.socket, 'draft:set', { conversationId: general.id, body: 'half a thought' });
    expect(await told).toMatchObject({ conversationId: general.id, threadId: null, body: 'half a thought' });
    const { message: root } = await call(alice.socket, 'message:send', { conversationId: general.id, clientId: 'draft-root', body: 'a root' });
    await call(alice.socket, 'draft:set', { conversationId: general.id, threadId: root.id, body: 'a reply, unsent' });
    const later = await connect(server, alice.token);
    expect((await call(later, 'state', {})).drafts.map((d) => [d.threadId, d.body])).toEqual([
      [root.id, 'a reply, unsent'],
      [null, 'half a thought'],
    ]);
    const cleared = nextEvent(phone, 'draft', (d) => d.body === '');
    await call(alice.socket, 'draft:set', { conversationId: general.id, body: '' });
    expect(await cleared).toMatchObject({ conversationId: general.id, threadId: null, body: '' });
    expect((await call(later, 'state', {})).drafts.map((d) => d.body)).toEqual(['a reply, unsent']);
    for (const s of [alice.socket, phone, later]) s.close();
  });

  it('refuses a conversation you are not in, a thread of another conversation, and a body over the limit', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const { conversation: secret } = await call(bob.socket, 'channel:create', { name: `secret-${Date.now()}`, visibility: 'private' });
    const { message: hidden } = await call(bob.socket, 'message:send', { conversationId: secret.id, clientId: 'draft-secret', body: 'x' });
    const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    expect(await errorCode(alice.socket, 'draft:set', { conversationId: secret.id, body: 'peek' })).toBe('not_found');
    expect(await errorCode(alice.socket, 'draft:set', { conversationId: general.id, threadId: hidden.id, body: 'peek' })).toBe('not_found');
    expect(await errorCode(alice.socket, 'draft:set', { conversationId: general.id, body: 'x'.repeat(LIMITS.messageMax + 1) })).toBe('too_long');
    alice.socket.close();
    bob.socket.close();
  });
});
