import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, Message, User } from '../shared/protocol.js';
import { codeOf, coreWorld, type CoreWorld } from '../../test/helpers/core.js';

describe('threads', () => {
  let w: CoreWorld;
  let alice: User;
  let bob: User;
  let general: ConversationView;
  let root: Message;
  let n = 0;
  const say = (user: User, body: string, threadId?: number, conversationId = general.id) =>
    w.flack.sendMessage(user.id, { conversationId, clientId: `t${++n}`, body, ...(threadId && { threadId }) }).then((r) => r.message);

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    bob = await w.user('bob');
    general = (await w.flack.browseChannels(alice.id, {})).channels.find((c) => c.name === 'general')!;
    root = await say(alice, 'shall we ship on Friday?');
    w.fanout.clear();
  });
  afterEach(() => w.close());

  it('a reply goes to the room in one batch with its root’s new summary, and makes nothing unread', async () => {
    const before = (await w.flack.snapshot(alice)).conversations.find((c) => c.id === general.id)!;
    const reply = await say(bob, 'yes', root.id);
    expect(reply).toMatchObject({ threadId: root.id, seq: 1, clock: root.clock + 1 });
    const [batch] = w.fanout.batches();
    expect(batch).toMatchObject({ since: root.clock, clock: root.clock + 1 });
    expect(batch!.messages).toEqual([reply, expect.objectContaining({ id: root.id, thread: { replyCount: 1, lastReplyAt: reply.createdAt, replierIds: [bob.id] } })]);
    const after = (await w.flack.snapshot(alice)).conversations.find((c) => c.id === general.id)!;
    expect(after.lastSeq).toBe(before.lastSeq);
    expect((await w.flack.history(alice.id, { conversationId: general.id })).messages.map((m) => m.body)).not.toContain('yes');
  });

  it('the root’s author and every replier follow the thread, with unread replies counted per thread', async () => {
    await say(bob, 'yes', root.id);
    await say(bob, 'definitely', root.id);
    const aliceThreads = (await w.flack.snapshot(alice)).threads;
    expect(aliceThreads).toEqual([{ rootId: root.id, conversationId: general.id, replyCount: 2, lastReplyAt: expect.any(Number), lastReadSeq: 0, mentionCount: 0 }]);
    expect((await w.flack.snapshot(bob)).threads[0]).toMatchObject({ lastReadSeq: 2 });
    w.fanout.clear();
    await w.flack.markThreadRead(alice.id, root.id, 2);
    expect(w.fanout.sent).toEqual([{ audience: { users: [alice.id] }, event: 'thread', payload: { ...aliceThreads[0], lastReadSeq: 2 } }]);
    const listed = await w.flack.listThreads(alice.id);
    expect(listed.threads).toEqual([{ root: expect.objectContaining({ id: root.id }), state: expect.objectContaining({ lastReadSeq: 2 }) }]);
    expect(listed.hasMore).toBe(false);
  });

  it('a thread pages like a conversation, and anyone who may read the channel may read it', async () => {
    for (let i = 1; i <= 105; i++) await say(i % 2 ? bob : alice, `reply ${i}`, root.id);
    const carol = await w.user('carol');
    await w.flack.leaveChannel(carol.id, general.id);
    const newest = await w.flack.threadHistory(carol.id, { messageId: root.id });
    expect(newest.root).toMatchObject({ id: root.id, thread: { replyCount: 105 } });
    expect(newest.messages.map((m) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 6));
    expect(newest.hasMore).toBe(true);
    const older = await w.flack.threadHistory(carol.id, { messageId: root.id, before: 6 });
    expect(older.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(older.hasMore).toBe(false);
    expect(newest.clock).toBe(await w.storage.getClock(general.id));
  });

  it('refuses a reply to a reply, to a system message, to a deleted message or to another conversation’s message', async () => {
    const reply = await say(bob, 'yes', root.id);
    const notice = (await w.flack.history(alice.id, { conversationId: general.id })).messages.find((m) => m.kind === 'system')!;
    const other = await w.flack.createChannel(alice.id, { name: 'other', visibility: 'public' });
    await w.flack.joinChannel(bob.id, other.id);
    const elsewhere = await say(alice, 'over here', undefined, other.id);
    const gone = await say(alice, 'never mind');
    await w.flack.deleteMessage(alice.id, gone.id);
    w.fanout.clear();
    expect(await codeOf(say(bob, 'x', reply.id))).toBe('thread_invalid');
    expect(await codeOf(say(bob, 'x', notice.id))).toBe('thread_invalid');
    expect(await codeOf(say(bob, 'x', elsewhere.id))).toBe('thread_invalid');
    expect(await codeOf(say(bob, 'x', gone.id))).toBe('forbidden');
    expect(await codeOf(w.flack.threadHistory(bob.id, { messageId: reply.id }))).toBe('thread_invalid');
    expect(w.fanout.sent).toEqual([]);
  });

  it('a private channel’s threads are not_found to outsiders, exactly like a missing message', async () => {
    const secret = await w.flack.createChannel(alice.id, { name: 'secret', visibility: 'private' });
    const hidden = await say(alice, 'in the dark', undefined, secret.id);
    for (const id of [hidden.id, hidden.id + 1000]) {
      expect(await codeOf(w.flack.threadHistory(bob.id, { messageId: id }))).toBe('not_found');
      expect(await codeOf(w.flack.markThreadRead(bob.id, id, 1))).toBe('not_found');
      expect(await codeOf(say(bob, 'x', id, secret.id))).toBe('not_found');
    }
  });

  it('a reply retried is stored once and fanned out again with its root', async () => {
    const input = { conversationId: general.id, clientId: 'same', body: 'once', threadId: root.id };
    const { message: first } = await w.flack.sendMessage(bob.id, input);
    const { message: again } = await w.flack.sendMessage(bob.id, input);
    expect(again).toEqual(first);
    expect(w.fanout.batches().map((b) => b.messages.map((m) => m.id))).toEqual([[first.id, root.id], [first.id, root.id]]);
    expect(await codeOf(w.flack.sendMessage(bob.id, { ...input, threadId: undefined }))).toBe('invalid');
  });
});
