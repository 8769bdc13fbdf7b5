import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/shared/protocol.js';
import {
  call,
  collectMessages,
  errorCode,
  newClient,
  nextEvent,
  nextMessage,
  sleep,
  startTestServer,
  type TestServer,
} from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('direct messages', () => {
  it('opens a one-to-one DM once, live for the other person, persisted with history', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const appears = nextEvent(bob.socket, 'conversation', (c) => c.kind === 'dm');
    const { conversation } = await call(alice.socket, 'dm:open', { userIds: [bob.user.id] });
    expect(conversation).toMatchObject({ kind: 'dm', isMember: true, memberCount: 2 });
    expect(conversation.members?.map((u) => u.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    expect((await appears).id).toBe(conversation.id);
    const same = await call(bob.socket, 'dm:open', { userIds: [alice.user.id] });
    expect(same.conversation.id).toBe(conversation.id);

    const arrives = nextMessage(bob.socket, (m) => m.conversationId === conversation.id);
    await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: 'dm1', body: 'psst' });
    expect((await arrives).body).toBe('psst');
    const page = await call(bob.socket, 'history', { conversationId: conversation.id });
    expect(page.messages.map((m) => m.body)).toEqual(['psst']);
    alice.socket.close();
    bob.socket.close();
  });

  it('keeps DMs private from everyone else', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const eve = await newClient(server);
    const seen = collectMessages(eve.socket);
    const { conversation } = await call(alice.socket, 'dm:open', { userIds: [bob.user.id] });
    await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: 'p', body: 'just us' });
    expect(await errorCode(eve.socket, 'history', { conversationId: conversation.id })).toBe('not_found');
    expect(await errorCode(eve.socket, 'message:send', { conversationId: conversation.id, clientId: 'e', body: 'hi' })).toBe('not_found');
    expect(await errorCode(eve.socket, 'channel:join', { conversationId: conversation.id })).toBe('not_found');
    expect((await call(eve.socket, 'state', {})).conversations.some((c) => c.id === conversation.id)).toBe(false);
    await sleep(100);
    expect(seen.seen.filter((m) => m.conversationId === conversation.id)).toEqual([]);
    for (const c of [alice, bob, eve]) c.socket.close();
  });

  it('supports groups of up to 8 people and refuses more', async () => {
    const people = await Promise.all(Array.from({ length: LIMITS.dmMaxMembers + 1 }, () => newClient(server)));
    const [first, ...others] = people;
    const group = await call(first!.socket, 'dm:open', { userIds: others.slice(0, 7).map((p) => p.user.id) });
    expect(group.conversation.memberCount).toBe(8);
    const arrives = nextMessage(others[6]!.socket, (m) => m.conversationId === group.conversation.id);
    await call(others[3]!.socket, 'message:send', { conversationId: group.conversation.id, clientId: 'g', body: 'hi all' });
    expect((await arrives).authorId).toBe(others[3]!.user.id);
    expect(await errorCode(first!.socket, 'dm:open', { userIds: others.map((p) => p.user.id) })).toBe('too_many_members');
    expect(await errorCode(first!.socket, 'dm:open', { userIds: [first!.user.id] })).toBe('invalid');
    expect(await errorCode(first!.socket, 'dm:open', { userIds: [424242] })).toBe('not_found');
    expect(await errorCode(first!.socket, 'channel:leave', { conversationId: group.conversation.id })).toBe('forbidden');
    for (const p of people) p.socket.close();
  });
});
