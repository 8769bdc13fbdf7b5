import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation, User } from '../shared/protocol.js';
import { coreWorld, type CoreWorld } from '../../test/helpers/core.js';

describe('membership changes: one atomic write, one announcement each', () => {
  let w: CoreWorld;
  let alice: User;
  let bob: User;

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    bob = await w.user('bob');
  });
  afterEach(() => w.close());

  it('a join subscribes the joiner, then tells the room once: the conversation, the notice, the joiner’s read position', async () => {
    const channel = await w.flack.createChannel(alice.id, { name: 'plans', visibility: 'public' });
    w.fanout.clear();
    const view = await w.flack.joinChannel(bob.id, channel.id);
    expect(w.fanout.subscriptions).toEqual([`+${bob.id}:${channel.id}`]);
    expect(w.fanout.sent.map((s) => [s.event, s.audience])).toEqual([
      ['conversation', { conversation: channel.id }],
      ['changes', { conversation: channel.id }],
      ['membership', { users: [bob.id] }],
    ]);
    const [notice] = w.fanout.batches()[0]!.messages;
    expect(notice).toMatchObject({ kind: 'system', authorId: bob.id, body: 'joined the channel', seq: 1, clock: 1 });
    expect(view).toMatchObject({ isMember: true, lastReadSeq: 1, lastSeq: 1, memberCount: 2 });
    w.fanout.clear();
    await w.flack.joinChannel(bob.id, channel.id); // again: nothing to do, nothing said
    expect(w.fanout.sent).toEqual([]);
  });

  it('leaving writes once and tells the leaver, then the room', async () => {
    const channel = await w.flack.createChannel(alice.id, { name: 'secret', visibility: 'private' });
    await w.flack.inviteToChannel(alice.id, channel.id, 'bob');
    w.fanout.clear();
    await w.flack.removeFromChannel(alice.id, channel.id, bob.id);
    expect(w.fanout.subscriptions).toEqual([`-${bob.id}:${channel.id}`]);
    expect(w.fanout.sent.map((s) => [s.event, s.audience])).toEqual([
      ['conversation:removed', { users: [bob.id] }],
      ['changes', { conversation: channel.id }],
      ['conversation', { conversation: channel.id }],
    ]);
    expect((w.fanout.sent[2]!.payload as Conversation).memberCount).toBe(1);
    expect(w.fanout.sent[0]!.payload).toEqual({ conversationId: channel.id, reason: 'removed' });
  });

  it('a rename with a new topic posts both notices in one change', async () => {
    const channel = await w.flack.createChannel(alice.id, { name: 'old', visibility: 'public' });
    w.fanout.clear();
    await w.flack.updateChannel(alice.id, channel.id, { name: 'new', topic: 'fresh' });
    const batches = w.fanout.batches(channel.id);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ since: 0, clock: 1 });
    expect(batches[0]!.messages.map((m) => m.body)).toEqual(['renamed the channel to #new', 'set the topic: fresh']);
    expect(w.fanout.events()).toEqual(['changes', 'conversation']);
  });

  it('a private channel’s name cannot be probed: others may take it, and only public names are reserved', async () => {
    await w.flack.createChannel(alice.id, { name: 'secret-plans', visibility: 'private' });
    const mine = await w.flack.createChannel(bob.id, { name: 'Secret-Plans', visibility: 'public' });
    expect(mine.name).toBe('Secret-Plans');
    await w.flack.createChannel(bob.id, { name: 'secret-plans', visibility: 'private' }).then(
      () => expect.unreachable('a private channel may not take a public name'),
      (error) => expect(error).toMatchObject({ code: 'name_taken' }),
    );
    const other = await w.flack.createChannel(alice.id, { name: 'quiet', visibility: 'private' });
    await expect(w.flack.updateChannel(alice.id, other.id, { name: 'general' })).rejects.toMatchObject({ code: 'name_taken' });
    await w.flack.createChannel(bob.id, { name: 'quiet', visibility: 'private' }); // two teams, two private #quiet
  });

  it('deleting an account leaves every channel in one write, with a notice in each, and keeps the DMs', async () => {
    const plans = await w.flack.createChannel(bob.id, { name: 'plans', visibility: 'private' });
    await w.flack.inviteToChannel(bob.id, plans.id, 'alice');
    const dm = await w.flack.openDirectMessage(alice.id, [bob.id]);
    w.fanout.clear();
    await w.flack.deleteAccount(alice.id, 'correct horse battery');
    const left = w.fanout.batches().map((b) => b.conversationId);
    expect(left).toHaveLength(2); // #general and #plans, not the DM
    expect(left).not.toContain(dm.id);
    for (const batch of w.fanout.batches()) expect(batch.messages.map((m) => m.body)).toEqual(['left the channel']);
    expect(await w.storage.listMemberConversationIds(alice.id)).toEqual([dm.id]);
    expect(w.fanout.subscriptions[0]).toBe(`x${alice.id}`);
  });
});
