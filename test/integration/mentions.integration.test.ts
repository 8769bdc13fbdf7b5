// Mentions found and counted by the server, over a real server and socket.io clients: the snapshot's counts, live
// membership events on read and on edits, thread replies, @channel, private channels, your own name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../src/shared/protocol.js';
import { call, collect, connect, newClient, nextEvent, nextMessage, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';

type Client = Awaited<ReturnType<typeof newClient>>;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

let n = 0;
const say = (client: Client, conversationId: number, body: string, threadId?: number) =>
  call(client.socket, 'message:send', { conversationId, clientId: `mention-${++n}`, body, ...(threadId && { threadId }) }).then(
    (r) => r.message,
  );
const view = async (client: Client, conversationId: number): Promise<ConversationView | undefined> =>
  (await call(client.socket, 'state', {})).conversations.find((c) => c.id === conversationId);

/** A public channel by `owner` that the others have joined. */
async function channelOf(owner: Client, ...others: Client[]) {
  const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('mentions'), visibility: 'public' });
  for (const other of others) await call(other.socket, 'channel:join', { conversationId: conversation.id });
  return conversation.id;
}

describe('mentions', () => {
  it('are counted in the snapshot, and a read on another socket sends every socket the count 0', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const room = await channelOf(alice, bob);
    const sent = await say(alice, room, `hi @${bob.user.username.toUpperCase()}, and @${alice.user.username} myself`);
    expect(sent.mentions).toEqual([bob.user.id]);
    expect(await view(bob, room)).toMatchObject({ mentionCount: 1, lastReadSeq: sent.seq - 1 });
    expect(await view(alice, room)).toMatchObject({ mentionCount: 0 }); // your own name never counts

    const otherTab = await connect(server, bob.token);
    const cleared = nextEvent(bob.socket, 'membership', (m) => m.conversationId === room);
    await call(otherTab, 'read', { conversationId: room, seq: sent.seq });
    expect(await cleared).toEqual({ conversationId: room, isMember: true, lastReadSeq: sent.seq, mentionCount: 0 });
    expect(await view(bob, room)).toMatchObject({ mentionCount: 0 });
    for (const s of [alice.socket, bob.socket, otherTab]) s.close();
  });

  it('an edit that adds a mention raises the count of the one mentioned, one that removes it lowers it', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const room = await channelOf(alice, bob);
    const sent = await say(alice, room, 'the plan is ready');
    // Through Redis, bob's `membership` from joining can still be on its way: wait for the one with a count.
    const raised = nextEvent(bob.socket, 'membership', (m) => m.conversationId === room && m.mentionCount > 0);
    const edited = await call(alice.socket, 'message:edit', { messageId: sent.id, body: `the plan is ready, @${bob.user.username}` });
    expect(edited.message.mentions).toEqual([bob.user.id]);
    expect(await raised).toMatchObject({ mentionCount: 1 });
    expect(await view(bob, room)).toMatchObject({ mentionCount: 1 });

    const lowered = nextEvent(bob.socket, 'membership', (m) => m.conversationId === room);
    await call(alice.socket, 'message:edit', { messageId: sent.id, body: 'the plan is ready (never mind)' });
    expect(await lowered).toMatchObject({ mentionCount: 0 });
    expect(await view(bob, room)).toMatchObject({ mentionCount: 0 });
    alice.socket.close();
    bob.socket.close();
  });

  it('a mention in a thread reply counts in that thread, which the one mentioned now follows', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const carol = await newClient(server);
    const room = await channelOf(alice, bob, carol);
    const root = await say(alice, room, 'shall we ship?');
    await call(carol.socket, 'read', { conversationId: room, seq: root.seq });
    const live = nextMessage(carol.socket, (m) => m.threadId === root.id);
    const reply = await say(bob, room, `@${carol.user.username} what do you think?`, root.id);
    expect((await live).mentions).toEqual([carol.user.id]);
    const state = await call(carol.socket, 'state', {});
    expect(state.threads).toEqual([
      { rootId: root.id, conversationId: room, replyCount: 1, lastReplyAt: reply.createdAt, lastReadSeq: 0, mentionCount: 1 },
    ]);
    expect(state.conversations.find((c) => c.id === room)).toMatchObject({ mentionCount: 0 });
    const read = nextEvent(carol.socket, 'thread', (s) => s.rootId === root.id);
    await call(carol.socket, 'thread:read', { messageId: root.id, seq: reply.seq });
    expect(await read).toMatchObject({ lastReadSeq: 1, mentionCount: 0 });
    for (const c of [alice, bob, carol]) c.socket.close();
  });

  it('@channel mentions every member but its author, with one flag on the message', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const carol = await newClient(server);
    const room = await channelOf(alice, bob, carol);
    const live = nextMessage(carol.socket, (m) => m.body.startsWith('@channel'));
    await say(alice, room, `@channel release at 5, @${bob.user.username} has the notes`);
    expect(await live).toMatchObject({ mentions: [bob.user.id], mentionsAll: true });
    expect((await view(bob, room))?.mentionCount).toBe(1);
    expect((await view(carol, room))?.mentionCount).toBe(1);
    expect((await view(alice, room))?.mentionCount).toBe(0);
    for (const c of [alice, bob, carol]) c.socket.close();
  });

  it('naming someone outside a private channel neither counts for them nor tells them anything', async () => {
    const alice = await newClient(server);
    const outsider = await newClient(server);
    const { conversation: secret } = await call(alice.socket, 'channel:create', { name: uniqueName('secret'), visibility: 'private' });
    const shared = await channelOf(alice, outsider);
    const events = { changes: collect(outsider.socket, 'changes'), membership: collect(outsider.socket, 'membership') };
    const ack = await call(alice.socket, 'message:send', { conversationId: secret.id, clientId: `mention-${++n}`, body: `@${outsider.user.username} look at this, @nobody-here` });
    const hidden = ack.message;
    expect(hidden.mentions).toEqual([]);
    // The author is told who was left out (someone with no account is not named).
    expect(ack.notInConversation).toEqual([outsider.user.username]);
    // Sent after the private one: once it has arrived, anything about the private one would have too.
    const later = nextMessage(outsider.socket, (m) => m.body === 'and here');
    await say(alice, shared, 'and here');
    await later;
    expect(events.changes.seen.filter((b) => b.conversationId === secret.id)).toEqual([]);
    // (Their own join of the shared channel may still be on its way through Redis: only the secret one matters.)
    expect(events.membership.seen.filter((m) => m.conversationId === secret.id)).toEqual([]);
    expect(await view(outsider, secret.id)).toBeUndefined();
    expect((await view(outsider, shared))?.mentionCount).toBe(0);
    alice.socket.close();
    outsider.socket.close();
  });
});
