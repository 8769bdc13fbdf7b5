// Notification preferences over a real server: set on one socket, told to every socket of that user (and no one
// else), kept in the snapshot; bad levels and conversations you are not in are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, collect, connect, errorCode, newClient, nextEvent, startTestServer, type TestServer } from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('conversation:notify', () => {
  it('sets a level and mute for yourself, on every device, and the snapshot keeps them', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    const otherTab = await connect(server, alice.token);
    const bobSees = collect(bob.socket, 'preferences');
    const told = nextEvent(otherTab, 'preferences');
    expect(await call(alice.socket, 'conversation:notify', { conversationId: general.id, notify: 'nothing', muted: true })).toEqual({
      conversationId: general.id,
      notify: 'nothing',
      muted: true,
    });
    expect(await told).toEqual({ conversationId: general.id, notify: 'nothing', muted: true });
    expect((await call(alice.socket, 'state', {})).conversations.find((c) => c.id === general.id)).toMatchObject({ notify: 'nothing', muted: true });
    // Bob's own, later change reaches him: once it has, anything about Alice's would have too.
    const bobTold = nextEvent(bob.socket, 'preferences');
    await call(bob.socket, 'conversation:notify', { conversationId: general.id, notify: 'all' });
    await bobTold;
    expect(bobSees.seen).toEqual([{ conversationId: general.id, notify: 'all', muted: false }]);
    // Only what is sent changes.
    expect(await call(alice.socket, 'conversation:notify', { conversationId: general.id, muted: false })).toMatchObject({ notify: 'nothing', muted: false });
    for (const s of [alice.socket, otherTab, bob.socket]) s.close();
  });

  it('refuses a level that does not exist and a conversation you are not in', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    expect(await errorCode(alice.socket, 'conversation:notify', { conversationId: general.id, notify: 'loud' as never })).toBe('invalid');
    const { conversation: secret } = await call(bob.socket, 'channel:create', { name: `secret-${Date.now()}`, visibility: 'private' });
    expect(await errorCode(alice.socket, 'conversation:notify', { conversationId: secret.id, muted: true })).toBe('not_found');
    alice.socket.close();
    bob.socket.close();
  });
});
