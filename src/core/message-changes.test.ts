import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, Message, User } from '../shared/protocol.js';
import { codeOf, coreWorld, type CoreWorld } from '../../test/helpers/core.js';

describe('editing, deleting and reacting', () => {
  let w: CoreWorld;
  let alice: User;
  let bob: User;
  let general: ConversationView;
  let sent: Message;
  let n = 0;
  const say = (user: User, body: string, conversationId = general.id) =>
    w.flack.sendMessage(user.id, { conversationId, clientId: `c${++n}`, body }).then((r) => r.message);

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    bob = await w.user('bob');
    general = (await w.flack.browseChannels(alice.id, {})).channels.find((c) => c.name === 'general')!;
    sent = await say(alice, 'helo');
    w.fanout.clear();
  });
  afterEach(() => w.close());

  it('an edit replaces the text for everyone in one batch, one tick after the message, and keeps the old text', async () => {
    const edited = await w.flack.editMessage(alice.id, { messageId: sent.id, body: 'hello' });
    expect(edited).toMatchObject({ id: sent.id, seq: sent.seq, body: 'hello', clock: sent.clock + 1, editedAt: expect.any(Number) });
    expect(w.fanout.sent).toEqual([
      { audience: { conversation: general.id }, event: 'changes', payload: { conversationId: general.id, since: sent.clock, clock: sent.clock + 1, messages: [edited] } },
    ]);
    expect(await w.flack.messageVersions(alice.id, sent.id)).toEqual([{ body: 'helo', replacedAt: edited.editedAt }]);
    expect((await w.flack.history(bob.id, { conversationId: general.id })).messages.at(-1)).toEqual(edited);
  });

  it('only the author edits or deletes, only user messages, and a deleted message stays deleted', async () => {
    const notice = (await w.flack.history(alice.id, { conversationId: general.id })).messages.find((m) => m.kind === 'system')!;
    expect(await codeOf(w.flack.editMessage(bob.id, { messageId: sent.id, body: 'mine now' }))).toBe('forbidden');
    expect(await codeOf(w.flack.deleteMessage(bob.id, sent.id))).toBe('forbidden');
    expect(await codeOf(w.flack.editMessage(alice.id, { messageId: notice.id, body: 'x' }))).toBe('forbidden');
    expect(await codeOf(w.flack.messageVersions(bob.id, sent.id))).toBe('forbidden');
    expect(await codeOf(w.flack.editMessage(alice.id, { messageId: sent.id, body: ' \n ' }))).toBe('empty');
    expect(await codeOf(w.flack.editMessage(alice.id, { messageId: sent.id, body: 'x'.repeat(4001) }))).toBe('too_long');
    expect(w.fanout.sent).toEqual([]);
    await w.flack.deleteMessage(alice.id, sent.id);
    expect(await codeOf(w.flack.deleteMessage(alice.id, sent.id))).toBe('forbidden');
    expect(await codeOf(w.flack.editMessage(alice.id, { messageId: sent.id, body: 'back' }))).toBe('forbidden');
    expect(await codeOf(w.flack.addReaction(bob.id, { messageId: sent.id, emoji: '👍' }))).toBe('forbidden');
    expect(w.fanout.batches()).toHaveLength(1);
  });

  it('a deletion sends a tombstone and erases the text, its versions and its reactions', async () => {
    await w.flack.editMessage(alice.id, { messageId: sent.id, body: 'secret' });
    await w.flack.addReaction(bob.id, { messageId: sent.id, emoji: '👀' });
    w.fanout.clear();
    const tombstone = await w.flack.deleteMessage(alice.id, sent.id);
    expect(tombstone).toMatchObject({ id: sent.id, body: '', deletedAt: expect.any(Number), reactions: [] });
    expect(w.fanout.batches()).toEqual([{ conversationId: general.id, since: tombstone.clock - 1, clock: tombstone.clock, messages: [tombstone] }]);
    expect(await w.storage.messageVersions(sent.id)).toEqual([]);
  });

  it('a message in a conversation you cannot see is not_found, exactly like one that does not exist', async () => {
    const secret = await w.flack.createChannel(alice.id, { name: 'secret', visibility: 'private' });
    const hidden = await say(alice, 'in the dark', secret.id);
    w.fanout.clear();
    const missing = hidden.id + 1000;
    for (const id of [hidden.id, missing]) {
      expect(await codeOf(w.flack.editMessage(bob.id, { messageId: id, body: 'x' }))).toBe('not_found');
      expect(await codeOf(w.flack.deleteMessage(bob.id, id))).toBe('not_found');
      expect(await codeOf(w.flack.addReaction(bob.id, { messageId: id, emoji: '👍' }))).toBe('not_found');
      expect(await codeOf(w.flack.removeReaction(bob.id, { messageId: id, emoji: '👍' }))).toBe('not_found');
      expect(await codeOf(w.flack.messageVersions(bob.id, id))).toBe('not_found');
    }
    expect(w.fanout.sent).toEqual([]);
  });

  it('reacting needs membership of a public channel, like sending', async () => {
    const carol = await w.user('carol');
    await w.flack.leaveChannel(carol.id, general.id);
    expect(await codeOf(w.flack.addReaction(carol.id, { messageId: sent.id, emoji: '👍' }))).toBe('forbidden');
  });

  it('a reaction is one tick, not a message: nothing becomes unread, and repeating it changes nothing', async () => {
    const before = (await w.flack.snapshot(bob)).conversations.find((c) => c.id === general.id)!;
    const reacted = await w.flack.addReaction(bob.id, { messageId: sent.id, emoji: '👍' });
    expect(reacted.reactions).toEqual([{ emoji: '👍', userIds: [bob.id] }]);
    const again = await w.flack.addReaction(bob.id, { messageId: sent.id, emoji: '👍' });
    expect(again).toEqual(reacted);
    expect(w.fanout.batches()).toHaveLength(1);
    const after = (await w.flack.snapshot(alice)).conversations.find((c) => c.id === general.id)!;
    expect(after.lastSeq).toBe(before.lastSeq);
    const removed = await w.flack.removeReaction(bob.id, { messageId: sent.id, emoji: '👍' });
    expect(removed.reactions).toEqual([]);
    await w.flack.removeReaction(bob.id, { messageId: sent.id, emoji: '👍' });
    expect(w.fanout.batches().map((b) => b.clock)).toEqual([sent.clock + 1, sent.clock + 2]);
  });

  it('a reaction is exactly one emoji: text, two emoji or a 10 KB string are emoji_invalid', async () => {
    for (const emoji of ['a', 'ok', '👍👍', '👍 ', '\u200b', '#', '1', 'x'.repeat(10_000), '<img src=x>']) {
      expect(await codeOf(w.flack.addReaction(bob.id, { messageId: sent.id, emoji })), emoji.slice(0, 10)).toBe('emoji_invalid');
    }
    for (const emoji of ['👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', '#️⃣']) {
      expect(await codeOf(w.flack.addReaction(bob.id, { messageId: sent.id, emoji })), emoji).toBe('ok');
    }
    // The text-style heart is stored as the emoji-style one, and an extra U+FE0F is dropped: each is one reaction.
    await w.flack.addReaction(alice.id, { messageId: sent.id, emoji: '❤' });
    const hearts = await w.flack.addReaction(bob.id, { messageId: sent.id, emoji: '❤️' });
    expect(hearts.reactions.find((r) => r.emoji === '❤️')?.userIds).toEqual([alice.id, bob.id]);
    const thumbs = await w.flack.addReaction(alice.id, { messageId: sent.id, emoji: '👍\uFE0F' });
    expect(thumbs.reactions.find((r) => r.emoji === '👍')?.userIds).toEqual([bob.id, alice.id]);
  });

  it('a message takes at most 50 different emoji', async () => {
    const emoji = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲😚🙂🤗🤩🤔🫡🤨😐😑😶🫥🙄😏😣😥😮🤐😯😪😫🥱😴😌😛😜😝🤤😒😓😔😕🫤🙃'];
    expect(emoji.length).toBeGreaterThanOrEqual(50);
    for (const e of emoji.slice(0, 50)) await w.flack.addReaction(bob.id, { messageId: sent.id, emoji: e });
    expect(await codeOf(w.flack.addReaction(bob.id, { messageId: sent.id, emoji: '🫠' }))).toBe('too_many_reactions');
    expect(await codeOf(w.flack.addReaction(alice.id, { messageId: sent.id, emoji: emoji[0]! }))).toBe('ok');
    expect((await w.storage.getMessage(sent.id))?.reactions).toHaveLength(50);
  });

  it('a retried send is answered with the original and fanned out again, so a node that died before sending is covered', async () => {
    const { message: first } = await w.flack.sendMessage(alice.id, { conversationId: general.id, clientId: 'retry-me', body: 'once' });
    const { message: retry } = await w.flack.sendMessage(alice.id, { conversationId: general.id, clientId: 'retry-me', body: 'once' });
    expect(retry).toEqual(first);
    expect(w.fanout.batches()).toEqual([
      { conversationId: general.id, since: first.clock - 1, clock: first.clock, messages: [first] },
      { conversationId: general.id, since: first.clock - 1, clock: first.clock, messages: [first] },
    ]);
    expect((await w.flack.history(alice.id, { conversationId: general.id })).messages.filter((m) => m.body === 'once')).toHaveLength(1);
  });
});
