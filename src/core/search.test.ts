import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS, type ConversationView, type User } from '../shared/protocol.js';
import { coreWorld, type CoreWorld } from '../../test/helpers/core.js';
import { FlackError } from './errors.js';

describe('search', () => {
  let w: CoreWorld;
  let alice: User;
  let general: ConversationView;
  let n = 0;
  const say = (body: string) => w.flack.sendMessage(alice.id, { conversationId: general.id, clientId: `q${++n}`, body });

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    general = (await w.flack.browseChannels(alice.id, {})).channels.find((c) => c.name === 'general')!;
  });
  afterEach(() => w.close());

  it('answers 20 a page by default and at most 50, with next while more follow', async () => {
    for (let i = 0; i < 55; i++) await say(`report ${i}`);
    const first = await w.flack.search(alice.id, { query: 'report' });
    expect(first.results).toHaveLength(LIMITS.searchPage);
    expect(first.results[0]!.message.body).toBe('report 54');
    const big = await w.flack.search(alice.id, { query: 'report', limit: 500 });
    expect(big.results).toHaveLength(LIMITS.searchPageMax);
    const rest = await w.flack.search(alice.id, { query: 'report', before: big.next! });
    expect(rest.results.map((r) => r.message.body)).toEqual(['report 4', 'report 3', 'report 2', 'report 1', 'report 0']);
    expect(rest.next).toBeNull();
  });

  it('caps a page in bytes like history, and each result’s highlights', async () => {
    const heavy = `abc ${'\u0001'.repeat(3_990)}`; // ~24 KB of JSON each
    for (let i = 0; i < 50; i++) await say(heavy);
    const page = await w.flack.search(alice.id, { query: 'abc', limit: 50 });
    expect(page.results.length).toBeLessThan(50);
    expect(page.next).toBe(page.results.at(-1)!.message.id);
    await say('abc '.repeat(500));
    const [many] = (await w.flack.search(alice.id, { query: 'abc', limit: 1 })).results;
    expect(many!.highlights).toHaveLength(LIMITS.searchHighlightsMax);
  });

  it('answers a bad query with its typed error before asking the store', async () => {
    const error = await w.flack.search(alice.id, { query: 'ok' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlackError);
    expect((error as FlackError).code).toBe('query_too_short');
  });
});
