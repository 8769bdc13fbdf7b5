// A reply also sent to the channel: a copy in the conversation's top level that follows its reply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, Message, User } from '../shared/protocol.js';
import { codeOf, coreWorld, type CoreWorld } from '../../test/helpers/core.js';

describe('a reply also sent to the channel', () => {
  let w: CoreWorld;
  let alice: User;
  let bob: User;
  let general: ConversationView;
  let root: Message;
  let n = 0;
  const view = async (user: User) => (await w.flack.snapshot(user)).conversations.find((c) => c.id === general.id)!;
  const broadcast = (user: User, body: string, clientId = `b${++n}`) =>
    w.flack.sendMessage(user.id, { conversationId: general.id, clientId, body, threadId: root.id, alsoToChannel: true });

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    bob = await w.user('bob');
    general = (await w.flack.browseChannels(alice.id, {})).channels.find((c) => c.name === 'general')!;
    root = (await w.flack.sendMessage(alice.id, { conversationId: general.id, clientId: 'root', body: 'shall we ship on Friday?' })).message;
    w.fanout.clear();
  });
  afterEach(() => w.close());

  it('is posted in the thread and in the channel in one change, unread in the channel for everyone but its author', async () => {
    const before = await view(alice);
    const { message: reply } = await broadcast(bob, 'yes, and everyone should know');
    const [batch, ...more] = w.fanout.batches();
    expect(more).toEqual([]);
    expect(batch).toMatchObject({ since: root.clock, clock: root.clock + 1 });
    const copy = batch!.messages.find((m) => m.fromThread)!;
    expect(copy).toMatchObject({
      threadId: null,
      seq: before.lastSeq + 1,
      clock: reply.clock,
      authorId: bob.id,
      body: 'yes, and everyone should know',
      fromThread: { rootId: root.id, replyId: reply.id },
      clientId: null,
    });
    expect(reply).toMatchObject({ threadId: root.id, seq: 1, alsoInChannel: copy.id });
    expect(batch!.messages.map((m) => m.id)).toEqual([reply.id, root.id, copy.id]);
    expect((await w.flack.history(alice.id, { conversationId: general.id })).messages.at(-1)).toEqual(copy);
    expect((await w.flack.threadHistory(alice.id, { messageId: root.id })).messages).toEqual([reply]);
    expect(await view(alice)).toMatchObject({ lastSeq: before.lastSeq + 1, lastReadSeq: before.lastSeq });
    expect(await view(bob)).toMatchObject({ lastSeq: before.lastSeq + 1, lastReadSeq: before.lastSeq + 1 });
  });

  it('edits and deletions of either half change both in one change; reactions stay with the half reacted to', async () => {
    const { message: reply } = await broadcast(bob, 'frday');
    const copyId = reply.alsoInChannel!;
    w.fanout.clear();
    const edited = await w.flack.editMessage(bob.id, { messageId: copyId, body: 'friday' });
    expect(edited).toMatchObject({ id: copyId, body: 'friday', editedAt: expect.any(Number) });
    const [editBatch] = w.fanout.batches();
    expect(editBatch!.messages.map((m) => [m.id, m.body, m.clock])).toEqual([
      [reply.id, 'friday', editBatch!.clock],
      [copyId, 'friday', editBatch!.clock],
    ]);
    expect(editBatch!.since).toBe(editBatch!.clock - 1);
    expect(await w.flack.messageVersions(bob.id, copyId)).toEqual([{ body: 'frday', replacedAt: expect.any(Number) }]);
    expect(await w.flack.messageVersions(bob.id, reply.id)).toEqual(await w.flack.messageVersions(bob.id, copyId));
    expect(await codeOf(w.flack.editMessage(alice.id, { messageId: copyId, body: 'hijacked' }))).toBe('forbidden');
    // A copy has no thread of its own: its thread is the reply's.
    const toCopy = { conversationId: general.id, clientId: 'to-copy', body: 'x', threadId: copyId };
    expect(await codeOf(w.flack.sendMessage(alice.id, toCopy))).toBe('thread_invalid');
    expect(await codeOf(w.flack.threadHistory(alice.id, { messageId: copyId }))).toBe('thread_invalid');

    const reacted = await w.flack.addReaction(alice.id, { messageId: copyId, emoji: '👍' });
    expect(reacted.reactions).toEqual([{ emoji: '👍', userIds: [alice.id] }]);
    expect((await w.storage.getMessage(reply.id))!.reactions).toEqual([]);

    w.fanout.clear();
    const gone = await w.flack.deleteMessage(bob.id, reply.id);
    expect(gone).toMatchObject({ id: reply.id, body: '', deletedAt: expect.any(Number) });
    const [deleteBatch] = w.fanout.batches();
    expect(deleteBatch!.messages.map((m) => [m.id, m.body, m.reactions, m.clock])).toEqual([
      [reply.id, '', [], deleteBatch!.clock],
      [copyId, '', [], deleteBatch!.clock],
    ]);
    expect(await w.flack.messageVersions(bob.id, copyId)).toEqual([]);
    expect(await codeOf(w.flack.deleteMessage(bob.id, copyId))).toBe('forbidden');
  });

  it('is found once by search, as the reply', async () => {
    const { message: reply } = await broadcast(bob, 'the zebra crossing plan');
    const found = await w.flack.search(alice.id, { query: 'zebra' });
    expect(found.results.map((r) => r.message.id)).toEqual([reply.id]);
  });

  it('a retry stores it once and fans out the reply, its root and its copy again', async () => {
    const { message: first } = await broadcast(bob, 'once', 'same');
    const { message: again } = await broadcast(bob, 'once', 'same');
    expect(again).toEqual(first);
    const ids = [first.id, root.id, first.alsoInChannel];
    expect(w.fanout.batches().map((b) => b.messages.map((m) => m.id))).toEqual([ids, ids]);
    expect((await w.flack.history(alice.id, { conversationId: general.id })).messages.filter((m) => m.fromThread)).toHaveLength(1);
  });

  it('is refused without a thread, and in an announcement channel to those who may only reply there', async () => {
    expect(await codeOf(w.flack.sendMessage(bob.id, { conversationId: general.id, clientId: 'x', body: 'x', alsoToChannel: true }))).toBe('invalid');
    const founder = (await w.storage.findUserByName('founder'))!;
    await w.flack.updateChannel(founder.id, general.id, { announcement: true });
    w.fanout.clear();
    expect(await codeOf(broadcast(bob, 'to everyone'))).toBe('forbidden');
    expect(w.fanout.sent).toEqual([]);
    const { message: reply } = await w.flack.sendMessage(bob.id, { conversationId: general.id, clientId: 'only-thread', body: 'in the thread', threadId: root.id });
    expect(reply.alsoInChannel).toBeUndefined();
    const { message: fromAdmin } = await broadcast(founder, 'admins may');
    expect(fromAdmin.alsoInChannel).toEqual(expect.any(Number));
  });
});
