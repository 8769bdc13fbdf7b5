// Messages that change, over real sockets: edits, deletions and reactions live, caught up exactly once after
// being offline, and refused with the documented codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeMessages } from '../../src/shared/changes.js';
import type { ChangeBatch, Message } from '../../src/shared/protocol.js';
import {
  call,
  collectMessages,
  connect,
  errorCode,
  newClient,
  nextEvent,
  nextMessage,
  startTestServer,
  type ClientSocket,
  type TestServer,
  uniqueName,
} from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function channelWithTwo(visibility: 'public' | 'private' = 'public') {
  const alice = await newClient(server);
  const bob = await newClient(server);
  const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('changes'), visibility });
  if (visibility === 'public') await call(bob.socket, 'channel:join', { conversationId: conversation.id });
  else await call(alice.socket, 'channel:invite', { conversationId: conversation.id, username: bob.user.username });
  return { alice, bob, conversationId: conversation.id };
}

async function everything(socket: ClientSocket, conversationId: number) {
  let held: readonly Message[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await call(socket, 'history', { conversationId, before });
    held = mergeMessages(held, page.messages);
    if (!page.hasMore) return held;
    before = page.messages[0]!.seq;
  }
}

describe('messages that change', () => {
  it('sends each edit, deletion and reaction live to every member as one batch on the conversation clock', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    const delivered = nextMessage(bob.socket, (m) => m.body === 'helo');
    const { message } = await call(alice.socket, 'message:send', { conversationId, clientId: 'e1', body: 'helo' });
    await delivered;
    const batches: ChangeBatch[] = [];
    bob.socket.on('changes', (batch) => batches.push(batch));

    const edited = nextMessage(bob.socket, (m) => m.body === 'hello');
    const { message: afterEdit } = await call(alice.socket, 'message:edit', { messageId: message.id, body: 'hello' });
    expect(await edited).toEqual(afterEdit);
    expect(afterEdit).toMatchObject({ id: message.id, seq: message.seq, editedAt: expect.any(Number), clock: message.clock + 1 });

    const reacted = nextMessage(alice.socket, (m) => m.reactions.length > 0);
    const { message: afterReaction } = await call(bob.socket, 'reaction:add', { messageId: message.id, emoji: '🎉' });
    expect((await reacted).reactions).toEqual([{ emoji: '🎉', userIds: [bob.user.id] }]);

    const deleted = nextMessage(bob.socket, (m) => m.deletedAt !== null);
    const { message: tombstone } = await call(alice.socket, 'message:delete', { messageId: message.id });
    expect(await deleted).toEqual(tombstone);
    expect(tombstone).toMatchObject({ body: '', reactions: [], clock: afterReaction.clock + 1 });
    expect(batches.map((b) => [b.since, b.clock])).toEqual([
      [message.clock, message.clock + 1],
      [message.clock + 1, message.clock + 2],
      [message.clock + 2, message.clock + 3],
    ]);
    const { versions } = await call(alice.socket, 'message:versions', { messageId: afterEdit.id });
    expect(versions).toEqual([]); // the deletion erased them
    alice.socket.close();
    bob.socket.close();
  });

  it('a member who was offline catches up with exactly the current state of every change, once', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    const sent: Message[] = [];
    for (let i = 1; i <= 4; i++) sent.push((await call(alice.socket, 'message:send', { conversationId, clientId: `o${i}`, body: `m${i}` })).message);
    const stale = await everything(bob.socket, conversationId);
    const { clock } = await call(bob.socket, 'history', { conversationId });
    bob.socket.close();

    await call(alice.socket, 'message:edit', { messageId: sent[0]!.id, body: 'm1, edited' });
    await call(alice.socket, 'message:edit', { messageId: sent[0]!.id, body: 'm1, edited twice' });
    await call(alice.socket, 'message:delete', { messageId: sent[1]!.id });
    await call(alice.socket, 'reaction:add', { messageId: sent[2]!.id, emoji: '👍' });
    await call(alice.socket, 'reaction:add', { messageId: sent[3]!.id, emoji: '👀' });
    await call(alice.socket, 'reaction:remove', { messageId: sent[3]!.id, emoji: '👀' });
    await call(alice.socket, 'message:send', { conversationId, clientId: 'o5', body: 'm5' });

    const back = await connect(server, bob.token);
    const reply = await call(back, 'sync', { positions: [{ conversationId, clock }] });
    expect(reply.reset).toEqual([]);
    expect(reply.changes).toHaveLength(1);
    const [batch] = reply.changes;
    // Each changed message once, in its current state; message 4 changed twice and is back where it was.
    expect(batch!.messages.map((m) => m.body)).toEqual(['m1, edited twice', '', 'm3', 'm4', 'm5']);
    expect(batch!.clock).toBe(clock + 7);
    expect(mergeMessages(stale, batch!.messages)).toEqual(await everything(back, conversationId));
    alice.socket.close();
    back.close();
  });

  it('refuses what is not yours, not a message, or not an emoji, with the documented codes, and changes nothing', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    const { message } = await call(alice.socket, 'message:send', { conversationId, clientId: 'r1', body: 'mine' });
    const notice = (await call(alice.socket, 'history', { conversationId })).messages.find((m) => m.kind === 'system')!;
    expect(await errorCode(bob.socket, 'message:edit', { messageId: message.id, body: 'yours now' })).toBe('forbidden');
    expect(await errorCode(bob.socket, 'message:delete', { messageId: message.id })).toBe('forbidden');
    expect(await errorCode(alice.socket, 'message:edit', { messageId: notice.id, body: 'x' })).toBe('forbidden');
    expect(await errorCode(alice.socket, 'message:edit', { messageId: message.id, body: '' })).toBe('empty');
    expect(await errorCode(alice.socket, 'message:edit', { messageId: message.id + 10_000, body: 'x' })).toBe('not_found');
    expect(await errorCode(bob.socket, 'reaction:add', { messageId: message.id, emoji: 'not an emoji' })).toBe('emoji_invalid');
    expect(await errorCode(bob.socket, 'reaction:add', { messageId: message.id, emoji: '👍'.repeat(5_000) })).toBe('invalid');
    expect(await errorCode(bob.socket, 'reaction:add', { messageId: -1, emoji: '👍' } as never)).toBe('invalid');
    expect(await errorCode(bob.socket, 'message:edit', { messageId: message.id } as never)).toBe('invalid');
    expect((await everything(alice.socket, conversationId)).find((m) => m.id === message.id)).toEqual(message);
    alice.socket.close();
    bob.socket.close();
  });

  it('a private channel’s messages are not_found to outsiders, and a removed member stops receiving its changes at once', async () => {
    const { alice, bob, conversationId } = await channelWithTwo('private');
    const outsider = await newClient(server);
    const { message } = await call(alice.socket, 'message:send', { conversationId, clientId: 'p1', body: 'secret' });
    for (const [event, payload] of [
      ['message:edit', { messageId: message.id, body: 'x' }],
      ['message:delete', { messageId: message.id }],
      ['message:versions', { messageId: message.id }],
      ['reaction:add', { messageId: message.id, emoji: '👍' }],
      ['reaction:remove', { messageId: message.id, emoji: '👍' }],
    ] as const) {
      const real = await call(outsider.socket, event as 'reaction:add', payload as never).catch((e) => e.error);
      const fake = await call(outsider.socket, event as 'reaction:add', { ...payload, messageId: message.id + 10_000 } as never).catch((e) => e.error);
      expect(real, event).toEqual({ code: 'not_found', message: 'No such message' });
      expect(fake, event).toEqual(real);
    }

    const removed = nextEvent(bob.socket, 'conversation:removed');
    await call(alice.socket, 'channel:remove', { conversationId, userId: bob.user.id });
    await removed;
    const seen = collectMessages(bob.socket);
    await call(alice.socket, 'message:edit', { messageId: message.id, body: 'still secret' });
    await call(alice.socket, 'reaction:add', { messageId: message.id, emoji: '🤫' });
    // A later event that must come after: a DM from alice reaches bob only after the changes before it.
    const { conversation: dm } = await call(alice.socket, 'dm:open', { userIds: [bob.user.id] });
    const last = nextMessage(bob.socket, (m) => m.conversationId === dm.id);
    await call(alice.socket, 'message:send', { conversationId: dm.id, clientId: 'p2', body: 'after' });
    await last;
    expect(seen.seen.map((m) => m.conversationId)).toEqual([dm.id]);
    expect(await errorCode(bob.socket, 'reaction:add', { messageId: message.id, emoji: '👍' })).toBe('not_found');
    for (const c of [alice, bob, outsider]) c.socket.close();
  });

  it('threads: replies live with their root, caught up after being offline, and read positions shared by devices', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    const bobPhone = await connect(server, bob.token);
    const { message: root } = await call(alice.socket, 'message:send', { conversationId, clientId: 't0', body: 'lunch?' });
    const live = new Promise<ChangeBatch>((resolve) => bob.socket.on('changes', (b) => b.messages.some((m) => m.threadId) && resolve(b)));
    const { message: reply } = await call(bob.socket, 'message:send', { conversationId, clientId: 't1', body: 'yes', threadId: root.id });
    expect((await live).messages).toEqual([reply, expect.objectContaining({ id: root.id, thread: expect.objectContaining({ replyCount: 1 }) })]);
    expect(reply).toMatchObject({ threadId: root.id, seq: 1 });

    const { clock } = await call(alice.socket, 'history', { conversationId });
    alice.socket.close();
    await call(bob.socket, 'message:send', { conversationId, clientId: 't2', body: 'at noon', threadId: root.id });
    await call(bob.socket, 'message:edit', { messageId: reply.id, body: 'yes!' });
    const back = await connect(server, alice.token);
    const { changes } = await call(back, 'sync', { positions: [{ conversationId, clock }] });
    expect(changes[0]!.messages.map((m) => [m.threadId, m.seq, m.body])).toEqual([
      [null, root.seq, 'lunch?'],
      [root.id, 2, 'at noon'],
      [root.id, 1, 'yes!'],
    ]);
    expect(changes[0]!.messages[0]!.thread).toMatchObject({ replyCount: 2, replierIds: [bob.user.id] });
    const page = await call(back, 'thread:history', { messageId: root.id });
    expect(page.messages.map((m) => m.body)).toEqual(['yes!', 'at noon']);
    expect(page.root.thread?.replyCount).toBe(2);

    const { threads } = await call(back, 'state', {});
    expect(threads).toEqual([expect.objectContaining({ rootId: root.id, replyCount: 2, lastReadSeq: 0 })]);
    const otherDevice = await connect(server, alice.token);
    const moved = nextEvent(otherDevice, 'thread');
    await call(back, 'thread:read', { messageId: root.id, seq: 2 });
    expect(await moved).toMatchObject({ rootId: root.id, lastReadSeq: 2, replyCount: 2 });
    expect((await call(back, 'threads:list', {})).threads).toEqual([
      { root: expect.objectContaining({ id: root.id }), state: expect.objectContaining({ lastReadSeq: 2 }) },
    ]);
    expect(await errorCode(back, 'message:send', { conversationId, clientId: 't3', body: 'x', threadId: reply.id })).toBe('thread_invalid');
    for (const socket of [back, otherDevice, bob.socket, bobPhone]) socket.close();
  });

  it('threads: a reply also sent to the channel is live in both places; one offline meanwhile catches up on its edit and deletion once', async () => {
    const { alice, bob, conversationId } = await channelWithTwo();
    const { message: root } = await call(alice.socket, 'message:send', { conversationId, clientId: 'b0', body: 'release plan?' });
    const live = new Promise<ChangeBatch>((resolve) => bob.socket.on('changes', (b) => b.messages.some((m) => m.fromThread) && resolve(b)));
    const { message: reply } = await call(alice.socket, 'message:send', { conversationId, clientId: 'b1', body: 'tuesday', threadId: root.id, alsoToChannel: true });
    const batch = await live;
    const copy = batch.messages.find((m) => m.fromThread)!;
    expect(batch.messages.map((m) => m.id)).toEqual([reply.id, root.id, copy.id]);
    expect(copy).toMatchObject({ threadId: null, body: 'tuesday', fromThread: { rootId: root.id, replyId: reply.id }, clock: reply.clock });
    expect(reply.alsoInChannel).toBe(copy.id);
    const stale = await everything(bob.socket, conversationId);
    expect(stale.at(-1)).toEqual(copy);
    const { clock } = await call(bob.socket, 'history', { conversationId });
    bob.socket.close();

    await call(alice.socket, 'message:edit', { messageId: copy.id, body: 'wednesday' });
    const { message: second } = await call(alice.socket, 'message:send', { conversationId, clientId: 'b2', body: 'oops', threadId: root.id, alsoToChannel: true });
    await call(alice.socket, 'message:delete', { messageId: second.id });
    const back = await connect(server, bob.token);
    const { changes } = await call(back, 'sync', { positions: [{ conversationId, clock }] });
    const ids = changes[0]!.messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length); // each once
    const caughtUp = mergeMessages(stale, changes[0]!.messages.filter((m) => m.threadId === null));
    expect(caughtUp).toEqual(await everything(back, conversationId));
    expect(caughtUp.find((m) => m.id === copy.id)).toMatchObject({ body: 'wednesday', editedAt: expect.any(Number) });
    expect(caughtUp.find((m) => m.id === second.alsoInChannel)).toMatchObject({ body: '', deletedAt: expect.any(Number) });
    const thread = await call(back, 'thread:history', { messageId: root.id });
    expect(thread.messages.map((m) => [m.id, m.body])).toEqual([[reply.id, 'wednesday'], [second.id, '']]);
    expect(await errorCode(back, 'message:send', { conversationId, clientId: 'b3', body: 'x', alsoToChannel: true })).toBe('invalid');
    for (const socket of [back, alice.socket]) socket.close();
  });

  it('rate-limits edits and reactions in their own bucket, so a reaction spree does not stop anyone writing', async () => {
    const own = await startTestServer({ rateLimits: true });
    try {
      const alice = await newClient(own);
      const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('limits'), visibility: 'public' });
      const { message } = await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: 'l0', body: 'x' });
      // All at once, so the bucket cannot refill in between (on PostgreSQL + Redis each call takes a while).
      const codes = await Promise.all(
        Array.from({ length: 80 }, (_, i) =>
          call(alice.socket, i % 4 < 2 ? 'reaction:add' : 'reaction:remove', { messageId: message.id, emoji: i % 2 ? '👍' : '👎' }).then(
            () => 'ok',
            (e) => e.error.code as string,
          ),
        ),
      );
      expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(60);
      expect(codes).toContain('rate_limited');
      expect((await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: 'l1', body: 'still here' })).message.body).toBe('still here');
      alice.socket.close();
    } finally {
      await own.close();
    }
  });
});
