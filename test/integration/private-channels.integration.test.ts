import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  collect,
  collectMessages,
  errorCode,
  newClient,
  nextEvent,
  nextMessage,
  sleep,
  startTestServer,
  type TestServer,
  uniqueName,
} from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function privateChannel() {
  const owner = await newClient(server);
  const spy = await newClient(server);
  const { conversation } = await call(owner.socket, 'channel:create', {
    name: uniqueName('secret'),
    topic: 'plans',
    visibility: 'private',
  });
  return { owner, spy, conversation };
}

describe('private channels', () => {
  it('a non-member cannot list, read, post, type, invite, mark read or learn that it exists', async () => {
    const { owner, spy, conversation } = await privateChannel();
    const missing = 987654;
    const state = await call(spy.socket, 'state', {});
    expect(state.conversations.some((c) => c.id === conversation.id)).toBe(false);
    expect((await call(spy.socket, 'channels:browse', { query: conversation.name })).channels.some((c) => c.id === conversation.id)).toBe(false);

    const probes = [
      ['history', { conversationId: conversation.id }],
      ['message:send', { conversationId: conversation.id, clientId: 's1', body: 'let me in' }],
      ['typing', { conversationId: conversation.id }],
      ['channel:join', { conversationId: conversation.id }],
      ['channel:invite', { conversationId: conversation.id, username: spy.user.username }],
      ['conversation:members', { conversationId: conversation.id }],
      ['read', { conversationId: conversation.id, seq: 1 }],
      ['focus', { conversationId: conversation.id }],
      ['channel:leave', { conversationId: conversation.id }],
      ['channel:update', { conversationId: conversation.id, topic: 'mine now' }],
    ] as const;
    for (const [event, payload] of probes) {
      const real = await call(spy.socket, event as 'history', payload as never).catch((e) => e.error);
      const fake = await call(spy.socket, event as 'history', { ...payload, conversationId: missing } as never).catch(
        (e) => e.error,
      );
      expect(real, event).toEqual({ code: 'not_found', message: 'No such conversation' });
      expect(fake, event).toEqual(real);
    }
    expect((await call(spy.socket, 'sync', { positions: [{ conversationId: conversation.id, clock: 0 }] })).reset).toEqual([
      conversation.id,
    ]);
    owner.socket.close();
    spy.socket.close();
  });

  it('a spy socket receives nothing of a private channel', async () => {
    const { owner, spy, conversation } = await privateChannel();
    const friend = await newClient(server);
    const seen = collectMessages(spy.socket);
    const seenConversations = collect(spy.socket, 'conversation');
    const seenTyping = collect(spy.socket, 'typing');
    await call(owner.socket, 'channel:invite', { conversationId: conversation.id, username: friend.user.username });
    await call(owner.socket, 'message:send', { conversationId: conversation.id, clientId: 'p1', body: 'secret' });
    await call(friend.socket, 'typing', { conversationId: conversation.id });
    await call(owner.socket, 'channel:update', { conversationId: conversation.id, topic: 'new plans' });
    await sleep(150);
    expect(seen.seen.filter((m) => m.conversationId === conversation.id)).toEqual([]);
    expect(seenConversations.seen.filter((c) => c.id === conversation.id)).toEqual([]);
    expect(seenTyping.seen).toEqual([]);
    for (const c of [owner, spy, friend]) c.socket.close();
  });

  it('members invite by username; the invitee sees it live and can read and post', async () => {
    const { owner, conversation } = await privateChannel();
    const guest = await newClient(server);
    const appeared = nextEvent(guest.socket, 'conversation', (c) => c.id === conversation.id);
    const membership = nextEvent(guest.socket, 'membership', (m) => m.conversationId === conversation.id);
    await call(owner.socket, 'message:send', { conversationId: conversation.id, clientId: 'before', body: 'before you came' });
    const { user } = await call(owner.socket, 'channel:invite', { conversationId: conversation.id, username: guest.user.username.toUpperCase() });
    expect(user.id).toBe(guest.user.id);
    expect(await appeared).toMatchObject({ kind: 'private', memberCount: 2 });
    expect(await membership).toMatchObject({ isMember: true });
    const live = nextMessage(guest.socket, (m) => m.body === 'welcome');
    await call(owner.socket, 'message:send', { conversationId: conversation.id, clientId: 'w', body: 'welcome' });
    await live;
    const page = await call(guest.socket, 'history', { conversationId: conversation.id });
    expect(page.messages.map((m) => m.body)).toContain('before you came');
    await call(guest.socket, 'message:send', { conversationId: conversation.id, clientId: 'g1', body: 'thanks' });
    expect(await errorCode(owner.socket, 'channel:invite', { conversationId: conversation.id, username: 'nobody_here' })).toBe('not_found');
    owner.socket.close();
    guest.socket.close();
  });

  it('the creator removes a member, who loses access at once on open sockets', async () => {
    const { owner, conversation } = await privateChannel();
    const member = await newClient(server);
    await call(owner.socket, 'channel:invite', { conversationId: conversation.id, username: member.user.username });
    const other = await newClient(server);
    await call(owner.socket, 'channel:invite', { conversationId: conversation.id, username: other.user.username });
    expect(await errorCode(other.socket, 'channel:remove', { conversationId: conversation.id, userId: member.user.id })).toBe(
      'forbidden',
    );

    const removed = nextEvent(member.socket, 'conversation:removed', (p) => p.conversationId === conversation.id);
    await call(owner.socket, 'channel:remove', { conversationId: conversation.id, userId: member.user.id });
    await removed;
    const after = collectMessages(member.socket);
    await call(owner.socket, 'message:send', { conversationId: conversation.id, clientId: 'after', body: 'they are gone' });
    expect(await errorCode(member.socket, 'history', { conversationId: conversation.id })).toBe('not_found');
    expect(
      await errorCode(member.socket, 'message:send', { conversationId: conversation.id, clientId: 'm2', body: 'still here?' }),
    ).toBe('not_found');
    await sleep(100);
    expect(after.seen).toEqual([]);
    const state = await call(member.socket, 'state', {});
    expect(state.conversations.some((c) => c.id === conversation.id)).toBe(false);
    for (const c of [owner, member, other]) c.socket.close();
  });

  it('members can leave, and then it disappears for them', async () => {
    const { owner, conversation } = await privateChannel();
    const member = await newClient(server);
    await call(owner.socket, 'channel:invite', { conversationId: conversation.id, username: member.user.username });
    const gone = nextEvent(member.socket, 'conversation:removed');
    await call(member.socket, 'channel:leave', { conversationId: conversation.id });
    await gone;
    expect(await errorCode(member.socket, 'history', { conversationId: conversation.id })).toBe('not_found');
    owner.socket.close();
    member.socket.close();
  });

  it('a member removed while disconnected does not get back in on reconnect', async () => {
    const { owner, conversation } = await privateChannel();
    const member = await newClient(server);
    await call(owner.socket, 'channel:invite', { conversationId: conversation.id, username: member.user.username });
    member.socket.close();
    await call(owner.socket, 'channel:remove', { conversationId: conversation.id, userId: member.user.id });
    const { connect } = await import('../helpers/flack.js');
    const back = await connect(server, member.token);
    const seen = collectMessages(back);
    await call(owner.socket, 'message:send', { conversationId: conversation.id, clientId: 'x', body: 'private' });
    expect(await errorCode(back, 'history', { conversationId: conversation.id })).toBe('not_found');
    await sleep(100);
    expect(seen.seen).toEqual([]);
    owner.socket.close();
    back.close();
  });
});
