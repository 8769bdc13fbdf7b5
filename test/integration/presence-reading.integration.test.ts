import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, collect, connect, errorCode, newClient, nextEvent, signUp, sleep, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('presence', () => {
  it('reaches the sockets that watch the person, while any socket of theirs is connected', async () => {
    const watcher = await newClient(server);
    const [alice, stranger] = [await signUp(server), await signUp(server)];
    const watched = await call(watcher.socket, 'presence:watch', { userIds: [alice.user.id] });
    expect(watched.presence).toEqual([{ userId: alice.user.id, online: false }]);
    const events = collect(watcher.socket, 'presence');
    const online = nextEvent(watcher.socket, 'presence', (changes) => changes.some((p) => p.userId === alice.user.id && p.online));
    const strangerSocket = await connect(server, stranger.token); // first: had it reached the watcher, it would be before alice
    const aliceSocket = await connect(server, alice.token);
    expect(await online).toEqual([{ userId: alice.user.id, online: true }]);
    expect(events.seen.flat().some((p) => p.userId === stranger.user.id)).toBe(false);
    expect((await call(watcher.socket, 'users:get', { ids: [alice.user.id, stranger.user.id] })).users.map((u) => u.online)).toEqual([true, true]);

    const secondTab = await connect(server, alice.token);
    aliceSocket.close();
    await sleep(400);
    // Still one tab open: never reported offline.
    expect(events.seen.flat().filter((p) => p.userId === alice.user.id && !p.online)).toEqual([]);
    const offline = nextEvent(watcher.socket, 'presence', (changes) =>
      changes.some((p) => p.userId === alice.user.id && !p.online),
    );
    secondTab.close();
    await offline;
    expect((await call(watcher.socket, 'presence:watch', { userIds: [alice.user.id] })).presence).toEqual([{ userId: alice.user.id, online: false }]);

    // The stranger, never watched: their going offline comes before alice's return, and only alice's arrives.
    await call(watcher.socket, 'presence:watch', { userIds: [alice.user.id] });
    const later = nextEvent(watcher.socket, 'presence', (changes) => changes.some((p) => p.userId === alice.user.id));
    strangerSocket.close();
    await sleep(50);
    const back = await connect(server, alice.token);
    expect((await later).map((p) => p.userId)).toEqual([alice.user.id]);
    expect(events.seen.flat().filter((p) => p.userId === stranger.user.id)).toEqual([]);
    for (const socket of [back, watcher.socket]) socket.close();
  });

  it('a DM partner is watched from the snapshot on, with no request', async () => {
    const [alice, bob] = [await newClient(server), await signUp(server)];
    await call(alice.socket, 'dm:open', { userIds: [bob.user.id] });
    const state = await call(alice.socket, 'state', {});
    expect(state.users).toEqual([{ ...bob.user, online: false }]);
    const online = nextEvent(alice.socket, 'presence', (changes) => changes.some((p) => p.userId === bob.user.id && p.online));
    const bobSocket = await connect(server, bob.token);
    await online;
    for (const socket of [bobSocket, alice.socket]) socket.close();
  });
});

describe('typing', () => {
  it('tells other members who is typing, and only members', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const outsider = await newClient(server);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('typing'), visibility: 'public' });
    await call(bob.socket, 'channel:join', { conversationId: conversation.id });
    const seenByOutsider = collect(outsider.socket, 'typing');
    const typing = nextEvent(bob.socket, 'typing');
    await call(alice.socket, 'typing', { conversationId: conversation.id });
    expect(await typing).toEqual({ conversationId: conversation.id, userId: alice.user.id, username: alice.user.username });
    expect(await errorCode(outsider.socket, 'typing', { conversationId: conversation.id })).toBe('forbidden');
    await sleep(100);
    expect(seenByOutsider.seen).toEqual([]);
    for (const c of [alice, bob, outsider]) c.socket.close();
  });
});

describe('unread counts and where you were', () => {
  it('counts unread from a server-side read position shared by every tab', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('unread'), visibility: 'public' });
    await call(bob.socket, 'channel:join', { conversationId: conversation.id });
    for (let i = 0; i < 3; i++) {
      await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: `u${i}`, body: `news ${i}` });
    }
    const unreadOf = async (socket: typeof bob.socket) => {
      const view = (await call(socket, 'state', {})).conversations.find((c) => c.id === conversation.id)!;
      return view.lastSeq - view.lastReadSeq;
    };
    expect(await unreadOf(bob.socket)).toBe(3);
    expect(await unreadOf(alice.socket)).toBe(0); // your own messages are read

    const otherTab = await connect(server, bob.token);
    const synced = nextEvent(otherTab, 'membership', (m) => m.conversationId === conversation.id);
    const { lastSeq } = (await call(bob.socket, 'state', {})).conversations.find((c) => c.id === conversation.id)!;
    await call(bob.socket, 'read', { conversationId: conversation.id, seq: lastSeq - 1 });
    expect(await synced).toEqual({ conversationId: conversation.id, isMember: true, lastReadSeq: lastSeq - 1, mentionCount: 0 });
    expect(await unreadOf(otherTab)).toBe(1);
    await call(bob.socket, 'read', { conversationId: conversation.id, seq: 1 }); // never moves backwards
    expect(await unreadOf(otherTab)).toBe(1);
    await call(bob.socket, 'read', { conversationId: conversation.id, seq: 10_000 }); // capped at the newest
    expect(await unreadOf(otherTab)).toBe(0);
    for (const s of [alice.socket, bob.socket, otherTab]) s.close();
  });

  it('remembers the conversation the user was last in, for every device', async () => {
    const alice = await newClient(server);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('here'), visibility: 'public' });
    expect((await call(alice.socket, 'state', {})).lastConversationId).toBe(null);
    await call(alice.socket, 'focus', { conversationId: conversation.id });
    const laptop = await connect(server, alice.token);
    expect((await call(laptop, 'state', {})).lastConversationId).toBe(conversation.id);
    alice.socket.close();
    laptop.close();
  });
});
