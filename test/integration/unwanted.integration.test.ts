// Getting rid of what you do not want, over real sockets: deleted channels vanish for everyone at once and after a
// reconnect, hidden DMs stay hidden on every device until their next message, blocks hold, group DMs can be left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, errorCode, newClient, nextEvent, startTestServer, type TestServer, uniqueName } from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('unwanted conversations', () => {
  it('a deleted channel vanishes for everyone live, and is gone from the snapshot after a reconnect', async () => {
    const owner = await newClient(server);
    const member = await newClient(server);
    const passerby = await newClient(server);
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('doomed'), visibility: 'public' });
    await call(member.socket, 'channel:join', { conversationId: conversation.id });
    expect(await errorCode(member.socket, 'channel:delete', { conversationId: conversation.id })).toBe('forbidden');
    const seen = [member, passerby].map((c) => nextEvent(c.socket, 'conversation:removed', (e) => e.conversationId === conversation.id));
    await call(owner.socket, 'channel:delete', { conversationId: conversation.id });
    await Promise.all(seen);
    const back = await connect(server, member.token);
    const { conversations } = await call(back, 'state', {});
    expect(conversations.map((c) => c.id)).not.toContain(conversation.id);
    expect(await errorCode(back, 'history', { conversationId: conversation.id })).toBe('not_found');
    for (const socket of [owner.socket, member.socket, passerby.socket, back]) socket.close();
  });

  it('hiding a DM reaches every device, and its next message brings it back', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const phone = await connect(server, alice.token);
    const { conversation: dm } = await call(bob.socket, 'dm:open', { userIds: [alice.user.id] });
    await call(bob.socket, 'message:send', { conversationId: dm.id, clientId: 'h1', body: 'psst' });
    const onPhone = nextEvent(phone, 'membership', (m) => m.conversationId === dm.id && m.hiddenSeq !== undefined);
    await call(alice.socket, 'conversation:hide', { conversationId: dm.id, hidden: true });
    expect(await onPhone).toMatchObject({ hiddenSeq: 1 });
    expect((await call(phone, 'state', {})).conversations.find((c) => c.id === dm.id)).toMatchObject({ hiddenSeq: 1 });
    await call(bob.socket, 'message:send', { conversationId: dm.id, clientId: 'h2', body: 'still there?' });
    expect((await call(phone, 'state', {})).conversations.find((c) => c.id === dm.id)).not.toHaveProperty('hiddenSeq');
    for (const socket of [alice.socket, bob.socket, phone]) socket.close();
  });

  it('a block stops DMs both ways with `forbidden`, and the block list reaches the blocker’s other devices', async () => {
    const alice = await newClient(server);
    const troll = await newClient(server);
    const other = await connect(server, alice.token);
    const { conversation: dm } = await call(troll.socket, 'dm:open', { userIds: [alice.user.id] });
    const told = nextEvent(other, 'blocks');
    expect(await call(alice.socket, 'user:block', { userId: troll.user.id, blocked: true })).toEqual({ blockedUserIds: [troll.user.id] });
    expect(await told).toEqual({ blockedUserIds: [troll.user.id] });
    expect(await errorCode(troll.socket, 'message:send', { conversationId: dm.id, clientId: 'b1', body: 'hey' })).toBe('forbidden');
    const third = await newClient(server);
    expect(await errorCode(troll.socket, 'dm:open', { userIds: [alice.user.id, third.user.id] })).toBe('forbidden');
    expect((await call(other, 'state', {})).blockedUserIds).toEqual([troll.user.id]);
    for (const socket of [alice.socket, troll.socket, other, third.socket]) socket.close();
  });

  it('a group DM can be left; the others see the notice and the new member count', async () => {
    const [a, b, c] = [await newClient(server), await newClient(server), await newClient(server)];
    const { conversation: group } = await call(a.socket, 'dm:open', { userIds: [b.user.id, c.user.id] });
    const gone = nextEvent(a.socket, 'conversation:removed', (e) => e.conversationId === group.id);
    const updated = nextEvent(b.socket, 'conversation', (conversation) => conversation.id === group.id && conversation.memberCount === 2);
    await call(a.socket, 'dm:leave', { conversationId: group.id });
    await Promise.all([gone, updated]);
    expect(await errorCode(a.socket, 'history', { conversationId: group.id })).toBe('not_found');
    for (const client of [a, b, c]) client.socket.close();
  });
});
