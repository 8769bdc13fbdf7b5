import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  errorCode,
  newClient,
  nextEvent,
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

describe('public channels', () => {
  it('a fresh install has #general and every new user is in it', async () => {
    const alice = await newClient(server);
    const state = await call(alice.socket, 'state', {});
    const general = state.conversations.find((c) => c.name === 'general');
    expect(general).toMatchObject({ kind: 'public', isMember: true });
    expect(state.me.username).toBe(alice.user.username);
    alice.socket.close();
  });

  it('creates a channel with a topic, announces it live, and refuses the same name in another case', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const name = uniqueName('Design');
    const announced = nextEvent(bob.socket, 'conversation', (c) => c.name === name);
    const { conversation } = await call(alice.socket, 'channel:create', { name, topic: 'Pixels', visibility: 'public' });
    expect(conversation).toMatchObject({ name, topic: 'Pixels', kind: 'public', isMember: true, memberCount: 1 });
    expect(await announced).toMatchObject({ id: conversation.id, name });

    expect(await errorCode(bob.socket, 'channel:create', { name: name.toUpperCase(), visibility: 'public' })).toBe('name_taken');
    expect(await errorCode(bob.socket, 'channel:create', { name: 'has space', visibility: 'public' })).toBe('name_invalid');
    expect(await errorCode(bob.socket, 'channel:create', { name: '', visibility: 'public' })).toBe('name_invalid');
    // Not in bob's snapshot (he is not a member), but in his channel browser.
    expect((await call(bob.socket, 'state', {})).conversations.some((c) => c.id === conversation.id)).toBe(false);
    const browsed = await call(bob.socket, 'channels:browse', { query: name });
    expect(browsed.channels.find((c) => c.id === conversation.id)).toMatchObject({ isMember: false });
    alice.socket.close();
    bob.socket.close();
  });

  it('refuses look-alike and invisible channel names: mixed scripts and blank letters are invalid, look-alikes taken', async () => {
    const alice = await newClient(server);
    const name = uniqueName('payroll');
    await call(alice.socket, 'channel:create', { name, visibility: 'public' });
    const create = (name: string) => errorCode(alice.socket, 'channel:create', { name, visibility: 'public' });
    expect(await create('g\u0435neral')).toBe('name_invalid'); // Cyrillic е among Latin letters
    expect(await create('\u3164')).toBe('name_invalid'); // a Hangul filler renders as nothing
    expect(await create('gen\u115F\u1160eral')).toBe('name_invalid');
    expect(await create('ｇｅｎｅｒａｌ')).toBe('name_taken'); // NFKC: "general"
    expect(await create(name.replace(/o/g, '0'))).toBe('name_taken'); // 0 looks like o
    alice.socket.close();
  });

  it('browses, joins and leaves with system notices stored in history', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('random'), visibility: 'public' });
    const browse = await call(bob.socket, 'channels:browse', { query: conversation.name });
    expect(browse.channels.find((c) => c.id === conversation.id)).toMatchObject({ isMember: false });
    expect(await errorCode(bob.socket, 'message:send', { conversationId: conversation.id, clientId: 'x1', body: 'hi' })).toBe(
      'forbidden',
    );

    const joinedNotice = nextMessage(alice.socket, (m) => m.conversationId === conversation.id);
    const joined = await call(bob.socket, 'channel:join', { conversationId: conversation.id });
    expect(joined.conversation).toMatchObject({ isMember: true, memberCount: 2 });
    expect(await joinedNotice).toMatchObject({ kind: 'system', authorId: bob.user.id, body: 'joined the channel' });

    await call(bob.socket, 'message:send', { conversationId: conversation.id, clientId: 'b1', body: 'hello' });
    const leftNotice = nextMessage(alice.socket, (m) => m.kind === 'system' && m.body === 'left the channel');
    const membership = nextEvent(bob.socket, 'membership', (m) => m.conversationId === conversation.id);
    await call(bob.socket, 'channel:leave', { conversationId: conversation.id });
    expect(await membership).toMatchObject({ isMember: false });
    await leftNotice;

    const page = await call(alice.socket, 'history', { conversationId: conversation.id });
    expect(page.messages.map((m) => [m.kind, m.body])).toEqual([
      ['system', 'joined the channel'],
      ['user', 'hello'],
      ['system', 'left the channel'],
    ]);
    alice.socket.close();
    bob.socket.close();
  });

  it('renames (creator only) and sets topics, announced to everyone', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('old'), visibility: 'public' });
    await call(bob.socket, 'channel:join', { conversationId: conversation.id });
    const newName = uniqueName('new');
    const renamed = nextEvent(bob.socket, 'conversation', (c) => c.id === conversation.id && c.name === newName);
    await call(alice.socket, 'channel:update', { conversationId: conversation.id, name: newName });
    await renamed;
    expect(await errorCode(bob.socket, 'channel:update', { conversationId: conversation.id, name: uniqueName('mine') })).toBe(
      'forbidden',
    );
    const { conversation: topical } = await call(bob.socket, 'channel:update', {
      conversationId: conversation.id,
      topic: 'Launch plans',
    });
    expect(topical.topic).toBe('Launch plans');
    alice.socket.close();
    bob.socket.close();
  });

  it('stores user content verbatim', async () => {
    const alice = await newClient(server);
    const topic = '<img src=x onerror=alert(1)> & "quotes" \u{1F600}';
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('raw'), topic, visibility: 'public' });
    expect(conversation.topic).toBe(topic);
    const body = '  <script>alert(1)</script>\n**not markdown**  ';
    const { message } = await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: 'v1', body });
    expect(message.body).toBe(body);
    const page = await call(alice.socket, 'history', { conversationId: conversation.id });
    expect(page.messages.at(-1)?.body).toBe(body);
    alice.socket.close();
  });
});
