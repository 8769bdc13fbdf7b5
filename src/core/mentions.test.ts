import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, MembershipChange, ThreadState, User } from '../shared/protocol.js';
import { coreWorld, type CoreWorld } from '../../test/helpers/core.js';
import { MAX_NAMED, parseMentions } from './mentions.js';

describe('parseMentions', () => {
  const names = (body: string) => parseMentions(body).usernames;

  it('finds @names in any case, once each, in order', () => {
    expect(names('@Ann and @bob, then @ANN again')).toEqual(['ann', 'bob']);
    expect(names('(@ann) "@bob": @carol!')).toEqual(['ann', 'bob', 'carol']);
  });

  it('takes the whole name, so @ann is not found in @anna or @ann.lee; a trailing full stop ends the sentence', () => {
    expect(names('@anna @ann.lee @a.b-c_d')).toEqual(['anna', 'ann.lee', 'a.b-c_d']);
    expect(names('thanks @ann.')).toEqual(['ann']);
    expect(names('ask @ann... later')).toEqual(['ann']);
  });

  it('ignores e-mail addresses, @ inside words, names too short or too long', () => {
    expect(names('mail ann@example.com or x@ann, .@ann, -@ann')).toEqual([]);
    expect(names(`@ab @${'x'.repeat(33)} @ @@ann`)).toEqual([]);
    expect(names(`@${'x'.repeat(32)}`)).toEqual(['x'.repeat(32)]);
  });

  it('ignores mentions inside inline code and code blocks', () => {
    expect(names('run `ping @ann` then\n```\n@bob\n```\nand ask @carol')).toEqual(['carol']);
    expect(names('> ```\n> @ann\n> ```\n~~~\n@bob\n~~~\n```\nleft open @dan')).toEqual([]);
  });

  it('finds them where the web app draws them (the same renderer): not in URLs, not after a backslash', () => {
    expect(names('https://x.org/@ann and \\@bob, but [@carol](https://x.org) and **@dan**')).toEqual(['carol', 'dan']);
  });

  it('@channel and @everyone mention everyone, @here those online; they are not names', () => {
    expect(parseMentions('@channel')).toEqual({ usernames: [], all: true, here: false });
    expect(parseMentions('hey @Everyone')).toEqual({ usernames: [], all: true, here: false });
    expect(parseMentions('@here: standup, @ann')).toEqual({ usernames: ['ann'], all: false, here: true });
    expect(parseMentions('no@here and `@channel`')).toEqual({ usernames: [], all: false, here: false });
  });

  it(`looks up at most ${MAX_NAMED} names per message`, () => {
    const body = Array.from({ length: 80 }, (_, i) => `@user${i}`).join(' ');
    expect(names(body)).toHaveLength(MAX_NAMED);
  });
});

describe('mentions in the core', () => {
  let w: CoreWorld;
  let alice: User;
  let bob: User;
  let carol: User;
  let general: ConversationView;
  let n = 0;
  const say = (user: User, body: string, conversationId = general.id, threadId?: number) =>
    w.flack.sendMessage(user.id, { conversationId, clientId: `m${++n}`, body, ...(threadId && { threadId }) }).then((r) => r.message);
  const count = async (user: User, conversationId = general.id) =>
    (await w.flack.snapshot(user)).conversations.find((c) => c.id === conversationId)?.mentionCount;
  const sentTo = <T>(user: User, event: 'membership' | 'thread') =>
    w.fanout.sent.filter((s) => s.event === event && typeof s.audience === 'object' && 'users' in s.audience && s.audience.users.includes(user.id)).map((s) => s.payload as T);

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    bob = await w.user('bob');
    carol = await w.user('carol');
    general = (await w.flack.browseChannels(alice.id, {})).channels.find((c) => c.name === 'general')!;
    w.fanout.clear();
  });
  afterEach(() => w.close());

  it('a message carries whom it mentions, and their snapshot counts it until they read past it', async () => {
    const sent = await say(alice, 'hi @Bob and @alice, see @nobody');
    expect(sent).toMatchObject({ mentions: [bob.id] });
    expect(sent).not.toHaveProperty('mentionsAll');
    expect(w.fanout.batches(general.id)[0]!.messages[0]).toEqual(sent);
    expect([await count(bob), await count(alice), await count(carol)]).toEqual([1, 0, 0]);
    await w.flack.markRead(bob.id, general.id, sent.seq);
    expect(sentTo<MembershipChange>(bob, 'membership')).toEqual([
      { conversationId: general.id, isMember: true, lastReadSeq: sent.seq, mentionCount: 0 },
    ]);
    expect(await count(bob)).toBe(0);
  });

  it('@channel is one flag and counts once for every member but its author; @here counts those online', async () => {
    const all = await say(alice, '@channel and @bob: lunch');
    expect(all).toMatchObject({ mentions: [bob.id], mentionsAll: true });
    expect([await count(alice), await count(bob), await count(carol)]).toEqual([0, 1, 1]);
    w.online.add(carol.id).add(alice.id);
    const here = await say(alice, '@here standup');
    expect(here).toMatchObject({ mentions: [], mentionsHere: true });
    expect([await count(alice), await count(bob), await count(carol)]).toEqual([0, 1, 2]);
  });

  it('only members are mentioned: not a non-member of a private channel, not a deleted account', async () => {
    const secret = await w.flack.createChannel(alice.id, { name: 'secret', visibility: 'private' });
    await w.flack.inviteToChannel(alice.id, secret.id, 'bob');
    const sent = await say(alice, '@bob @carol', secret.id);
    expect(sent.mentions).toEqual([bob.id]);
    expect(await count(carol, secret.id)).toBeUndefined();
    await w.flack.deleteAccount(bob.id, 'correct horse battery');
    expect((await say(alice, 'still there @bob?', secret.id)).mentions).toEqual([]);
  });

  it('tells the author who was named but is not in the conversation (not notified, not invited), and no one else', async () => {
    const secret = await w.flack.createChannel(alice.id, { name: 'secret', visibility: 'private' });
    await w.flack.inviteToChannel(alice.id, secret.id, 'bob');
    const send = (body: string) => w.flack.sendMessage(alice.id, { conversationId: secret.id, clientId: `m${++n}`, body });
    const sent = await send('@bob @Carol @nobody @alice');
    expect(sent.notInConversation).toEqual(['carol']);
    expect(sent.message.mentions).toEqual([bob.id]);
    expect((await w.flack.browseChannels(carol.id, {})).channels.map((c) => c.name)).not.toContain('secret');
    expect(await send('just @bob')).not.toHaveProperty('notInConversation');
    await w.flack.deleteAccount(carol.id, 'correct horse battery');
    expect(await send('@carol?')).not.toHaveProperty('notInConversation');
  });

  it('an edit that adds or removes a mention sends that person their new count; a deletion takes it away', async () => {
    const sent = await say(alice, 'hello');
    w.fanout.clear();
    const edited = await w.flack.editMessage(alice.id, { messageId: sent.id, body: 'hello @bob' });
    expect(edited.mentions).toEqual([bob.id]);
    expect(sentTo<MembershipChange>(bob, 'membership')).toEqual([
      { conversationId: general.id, isMember: true, lastReadSeq: expect.any(Number), mentionCount: 1 },
    ]);
    expect(sentTo(carol, 'membership')).toEqual([]);
    w.fanout.clear();
    await w.flack.editMessage(alice.id, { messageId: sent.id, body: 'hello @carol' });
    expect(sentTo<MembershipChange>(bob, 'membership').map((m) => m.mentionCount)).toEqual([0]);
    expect(sentTo<MembershipChange>(carol, 'membership').map((m) => m.mentionCount)).toEqual([1]);
    w.fanout.clear();
    await w.flack.deleteMessage(alice.id, sent.id);
    expect(sentTo<MembershipChange>(carol, 'membership').map((m) => m.mentionCount)).toEqual([0]);
    expect(await count(carol)).toBe(0);
  });

  it('a mention in a reply makes its member follow the thread and counts there, not in the conversation', async () => {
    const root = await say(alice, 'plans?');
    await w.flack.markRead(carol.id, general.id, root.seq);
    const reply = await say(bob, 'ask @carol', general.id, root.id);
    expect(reply.mentions).toEqual([carol.id]);
    expect(await count(carol)).toBe(0);
    const [state] = (await w.flack.snapshot(carol)).threads;
    expect(state).toEqual({ rootId: root.id, conversationId: general.id, replyCount: 1, lastReplyAt: reply.createdAt, lastReadSeq: 0, mentionCount: 1 });
    w.fanout.clear();
    await w.flack.markThreadRead(carol.id, root.id, reply.seq);
    expect(sentTo<ThreadState>(carol, 'thread')).toEqual([{ ...state, lastReadSeq: 1, mentionCount: 0 }]);
    w.fanout.clear();
    // An edit that mentions the root's author (who follows from the start) sends them the thread's new count.
    await w.flack.editMessage(bob.id, { messageId: reply.id, body: 'ask @carol and @alice' });
    expect(sentTo<ThreadState>(alice, 'thread').map((s) => s.mentionCount)).toEqual([1]);
    expect(sentTo(carol, 'thread')).toEqual([]);
  });
});
