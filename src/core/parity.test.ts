// Live events and the initial fetch must never drift apart (Zulip's test, applied to the change log): a client
// that applies every live batch to a stale copy — in any order, some twice — holds exactly what a fresh fetch
// returns, and so does one that catches up with `sync` instead. Every kind of change takes part, replies too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeMessages } from '../shared/changes.js';
import type { Message, User } from '../shared/protocol.js';
import { coreWorld, type CoreWorld } from '../../test/helpers/core.js';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMOJI = ['👍', '🎉', '👀', '❤️', '🚀'];

describe('live changes applied to a stale client equal a fresh fetch', () => {
  let w: CoreWorld;
  let people: User[];
  let channelId: number;

  beforeEach(async () => {
    w = await coreWorld();
    people = [await w.user('alice'), await w.user('bob'), await w.user('carol')];
    channelId = (await w.flack.createChannel(people[0]!.id, { name: 'parity', visibility: 'public' })).id;
    for (const p of people.slice(1)) await w.flack.joinChannel(p.id, channelId);
  });
  afterEach(() => w.close());

  /** The channel's messages and every thread's replies, as a fresh client would fetch them (by id). */
  async function everything(userId: number): Promise<Message[]> {
    let held: readonly Message[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await w.flack.history(userId, { conversationId: channelId, before });
      held = mergeMessages(held, page.messages);
      if (!page.hasMore) break;
      before = page.messages[0]!.seq;
    }
    const replies = [];
    for (const root of held.filter((m) => m.thread)) {
      replies.push(...(await w.flack.threadHistory(userId, { messageId: root.id })).messages);
    }
    return byId([...held, ...replies]);
  }
  const byId = (messages: readonly Message[]) => [...messages].sort((a, b) => a.id - b.id);
  /** What a client holds: its top-level list and its threads, each merged by the same rule. */
  const apply = (held: Message[], incoming: readonly Message[]) => {
    const top = mergeMessages(held.filter((m) => !m.threadId), incoming.filter((m) => !m.threadId));
    const replies = mergeMessages(
      [...held.filter((m) => m.threadId)].sort((a, b) => a.seq - b.seq),
      incoming.filter((m) => m.threadId),
    );
    return byId([...top, ...replies]);
  };

  /** Some of every kind of change, chosen by `next`. */
  let sends = 0;
  async function churn(next: () => number, steps: number): Promise<void> {
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    for (let step = 0; step < steps; step++) {
      const who = pick(people);
      const held = await everything(who.id);
      const mine = held.filter((m) => m.authorId === who.id && m.kind === 'user' && m.deletedAt === null);
      const any = held.filter((m) => m.deletedAt === null);
      const roots = held.filter((m) => m.threadId === null && m.kind === 'user' && m.deletedAt === null);
      const roll = next();
      if (roll < 0.25 || !mine.length) {
        await w.flack.sendMessage(who.id, { conversationId: channelId, clientId: `p${++sends}`, body: `message ${step}` });
      } else if (roll < 0.35) {
        const threadId = pick(roots).id;
        await w.flack.sendMessage(who.id, { conversationId: channelId, clientId: `p${++sends}`, body: `reply ${step}`, threadId });
      } else if (roll < 0.5) {
        await w.flack.editMessage(who.id, { messageId: pick(mine).id, body: `edited at ${step}` });
      } else if (roll < 0.6) {
        await w.flack.deleteMessage(who.id, pick(mine).id);
      } else if (roll < 0.85) {
        await w.flack.addReaction(who.id, { messageId: pick(any).id, emoji: pick(EMOJI) });
      } else if (roll < 0.95) {
        await w.flack.removeReaction(who.id, { messageId: pick(any).id, emoji: pick(EMOJI) });
      } else if (roll < 0.975) {
        await w.flack.updateChannel(who.id, channelId, { topic: `topic ${step}` });
      } else {
        await w.flack.leaveChannel(who.id, channelId);
        await w.flack.joinChannel(who.id, channelId);
      }
    }
  }

  for (const seed of [1, 2, 3]) {
    it(`for a random mix of sends, replies, edits, deletions, reactions, topics and rejoins (seed ${seed})`, async () => {
      const next = random(seed);
      await churn(next, 20);
      const reader = people[1]!;
      const stale = await everything(reader.id);
      const staleClock = (await w.flack.history(reader.id, { conversationId: channelId })).clock;
      w.fanout.clear();
      await churn(next, 60);

      const fresh = await everything(reader.id);
      const live = w.fanout.batches(channelId);
      expect(live.length).toBeGreaterThan(40); // a few steps change nothing (a reaction already there)
      // Live batches follow each other: each starts where the one before ended.
      live.forEach((batch, i) => expect(batch.since, JSON.stringify(batch)).toBe(i ? live[i - 1]!.clock : staleClock));

      // Delivered out of order, and some twice: the clock rule makes the order irrelevant.
      const shuffled = [...live, ...live.filter((_, i) => i % 3 === 0)].sort(() => next() - 0.5);
      const applied = shuffled.reduce((held, batch) => apply(held, batch.messages), stale);
      expect(applied).toEqual(fresh);
      expect(fresh.some((m) => m.threadId)).toBe(true);

      const caughtUp = await w.flack.sync(reader.id, [{ conversationId: channelId, clock: staleClock }]);
      expect(caughtUp.reset).toEqual([]);
      expect(caughtUp.changes).toHaveLength(1);
      expect(caughtUp.changes[0]!.clock).toBe(live.at(-1)!.clock);
      expect(apply(stale, caughtUp.changes[0]!.messages)).toEqual(fresh);
    });
  }

  it('sync says reset for a conversation too far behind, ahead of the server, or no longer visible', async () => {
    const [alice, bob] = people as [User, User];
    for (let i = 0; i < 501; i++) await w.flack.sendMessage(alice.id, { conversationId: channelId, clientId: `far${i}`, body: 'x' });
    const secret = await w.flack.createChannel(alice.id, { name: 'secret', visibility: 'private' });
    const clock = (await w.flack.history(bob.id, { conversationId: channelId })).clock;
    const reply = await w.flack.sync(bob.id, [
      { conversationId: channelId, clock: 0 },
      { conversationId: secret.id, clock: 0 },
    ]);
    expect(reply).toEqual({ changes: [], reset: [channelId, secret.id] });
    expect((await w.flack.sync(bob.id, [{ conversationId: channelId, clock: clock + 5 }])).reset).toEqual([channelId]);
    expect(await w.flack.sync(bob.id, [{ conversationId: channelId, clock }])).toEqual({ changes: [], reset: [] });
  });
});
