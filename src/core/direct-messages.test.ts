import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../shared/protocol.js';
import { codeOf, coreWorld, type CoreWorld } from '../../test/helpers/core.js';

describe('unwanted conversations: leaving groups, hiding DMs, blocking, deleting channels', () => {
  let w: CoreWorld;
  let alice: User;
  let bob: User;
  let carol: User;
  let n = 0;
  const say = (user: User, conversationId: number, body = 'hi') =>
    w.flack.sendMessage(user.id, { conversationId, clientId: `d${++n}`, body }).then((r) => r.message);
  const viewOf = async (user: User, id: number) => (await w.flack.snapshot(user)).conversations.find((c) => c.id === id);

  beforeEach(async () => {
    w = await coreWorld();
    [alice, bob, carol] = [await w.user('alice'), await w.user('bob'), await w.user('carol')];
  });
  afterEach(() => w.close());

  it('a group DM can be left: the others keep it with a notice, the leaver loses it, and the same people can start anew', async () => {
    const group = await w.flack.openDirectMessage(alice.id, [bob.id, carol.id]);
    await say(bob, group.id, 'spam');
    w.fanout.clear();
    await w.flack.leaveDirectMessage(alice.id, group.id);
    expect(w.fanout.sent.map((s) => s.event)).toEqual(['conversation:removed', 'changes', 'conversation']);
    expect(w.fanout.batches()[0]!.messages[0]).toMatchObject({ kind: 'system', body: 'left the conversation', authorId: alice.id });
    expect(await viewOf(alice, group.id)).toBeUndefined();
    expect(await viewOf(bob, group.id)).toMatchObject({ memberCount: 2 });
    expect(await codeOf(say(alice, group.id))).toBe('not_found');
    const again = await w.flack.openDirectMessage(bob.id, [alice.id, carol.id]);
    expect(again.id).not.toBe(group.id);
    const pair = await w.flack.openDirectMessage(alice.id, [bob.id]);
    expect(await codeOf(w.flack.leaveDirectMessage(alice.id, pair.id))).toBe('forbidden'); // two: hide it instead
  });

  it('a hidden DM stays out of the list until its next message, on every device', async () => {
    const dm = await w.flack.openDirectMessage(bob.id, [alice.id]);
    await say(bob, dm.id, 'hello?');
    w.fanout.clear();
    await w.flack.setHidden(alice.id, dm.id, true);
    expect(w.fanout.sent).toEqual([
      { audience: { users: [alice.id] }, event: 'membership', payload: { conversationId: dm.id, isMember: true, lastReadSeq: 0, hiddenSeq: 1, mentionCount: 0 } },
    ]);
    expect(await viewOf(alice, dm.id)).toMatchObject({ hiddenSeq: 1 });
    expect(await viewOf(bob, dm.id)).not.toHaveProperty('hiddenSeq');
    await say(bob, dm.id, 'are you there?');
    expect(await viewOf(alice, dm.id)).not.toHaveProperty('hiddenSeq'); // a new message brings it back
    await w.flack.setHidden(alice.id, dm.id, true);
    await w.flack.openDirectMessage(alice.id, [bob.id]); // opening it shows it too
    expect(await viewOf(alice, dm.id)).not.toHaveProperty('hiddenSeq');
    const general = (await w.flack.browseChannels(alice.id, {})).channels.find((c) => c.name === 'general')!;
    expect(await codeOf(w.flack.setHidden(alice.id, general.id, true))).toBe('forbidden');
  });

  it('someone blocked cannot start a DM, add you to one, or write in yours; unblocking undoes it', async () => {
    const dm = await w.flack.openDirectMessage(bob.id, [alice.id]);
    w.fanout.clear();
    expect(await w.flack.setBlocked(alice.id, bob.id, true)).toEqual([bob.id]);
    expect(w.fanout.sent).toEqual([{ audience: { users: [alice.id] }, event: 'blocks', payload: { blockedUserIds: [bob.id] } }]);
    expect((await w.flack.snapshot(alice)).blockedUserIds).toEqual([bob.id]);
    expect(await codeOf(say(bob, dm.id))).toBe('forbidden');
    expect(await codeOf(say(alice, dm.id))).toBe('forbidden');
    expect(await codeOf(w.flack.openDirectMessage(bob.id, [alice.id, carol.id]))).toBe('forbidden');
    expect(await codeOf(w.flack.openDirectMessage(alice.id, [bob.id]))).toBe('forbidden'); // unblock first
    expect(await codeOf(w.flack.openDirectMessage(carol.id, [alice.id, bob.id]))).toBe('ok'); // not between the opener and anyone
    const general = (await w.flack.browseChannels(bob.id, {})).channels.find((c) => c.name === 'general')!;
    expect(await codeOf(say(bob, general.id))).toBe('ok'); // channels are not DMs
    expect(await w.flack.setBlocked(alice.id, bob.id, false)).toEqual([]);
    expect(await codeOf(say(bob, dm.id))).toBe('ok');
    expect(await codeOf(w.flack.setBlocked(alice.id, alice.id, true))).toBe('invalid');
    expect(await codeOf(w.flack.setBlocked(alice.id, 10_000, true))).toBe('not_found');
  });

  it('a channel is deleted by its creator only, with everything in it, and everyone who could see it is told', async () => {
    const open = await w.flack.createChannel(alice.id, { name: 'doomed', visibility: 'public' });
    const secret = await w.flack.createChannel(alice.id, { name: 'hush', visibility: 'private' });
    await w.flack.joinChannel(bob.id, open.id);
    const kept = await say(bob, open.id, 'will vanish');
    await w.flack.addReaction(alice.id, { messageId: kept.id, emoji: '👍' });
    await w.flack.focus(bob.id, open.id);
    expect(await codeOf(w.flack.deleteChannel(bob.id, open.id))).toBe('forbidden');
    expect(await codeOf(w.flack.deleteChannel(bob.id, secret.id))).toBe('not_found');
    w.fanout.clear();
    await w.flack.deleteChannel(alice.id, open.id);
    await w.flack.deleteChannel(alice.id, secret.id);
    expect(w.fanout.sent).toEqual([
      { audience: { publicChannel: open.id }, event: 'conversation:removed', payload: { conversationId: open.id, reason: 'deleted' } },
      { audience: { conversation: secret.id }, event: 'conversation:removed', payload: { conversationId: secret.id, reason: 'deleted' } },
    ]);
    expect(w.fanout.subscriptions).toEqual([`x:${open.id}`, `x:${secret.id}`]);
    expect(await w.storage.getMessage(kept.id)).toBeNull();
    expect(await viewOf(bob, open.id)).toBeUndefined();
    expect((await w.flack.snapshot(bob)).lastConversationId).toBeNull();
    const dm = await w.flack.openDirectMessage(alice.id, [bob.id]);
    expect(await codeOf(w.flack.deleteChannel(alice.id, dm.id))).toBe('forbidden');
  });
});
