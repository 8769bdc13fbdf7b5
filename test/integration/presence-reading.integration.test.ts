import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, collect, connect, errorCode, newClient, nextEvent, sleep, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('presence', () => {
  it('is online while any socket of the user is connected', async () => {
    const watcher = await newClient(server);
    const online = nextEvent(watcher.socket, 'presence', (changes) =>
      changes.some((p) => p.online && p.userId !== watcher.user.id),
    );
    const alice = await newClient(server);
    expect(await online).toContainEqual({ userId: alice.user.id, online: true });
    const state = await call(watcher.socket, 'state', {});
    expect(state.users.find((u) => u.id === alice.user.id)?.online).toBe(true);

    const secondTab = await connect(server, alice.token);
    const events = collect(watcher.socket, 'presence');
    alice.socket.close();
    await sleep(400);
    // Still one tab open: never reported offline.
    expect(events.seen.flat().filter((p) => p.userId === alice.user.id && !p.online)).toEqual([]);
    const offline = nextEvent(watcher.socket, 'presence', (changes) =>
      changes.some((p) => p.userId === alice.user.id && !p.online),
    );
    secondTab.close();
    await offline;
    expect((await call(watcher.socket, 'state', {})).users.find((u) => u.id === alice.user.id)?.online).toBe(false);
    watcher.socket.close();
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
    expect(await synced).toEqual({ conversationId: conversation.id, isMember: true, lastReadSeq: lastSeq - 1 });
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
