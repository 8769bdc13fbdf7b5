import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresenceChange, UserWithPresence } from '../../shared/protocol.js';
import { PresenceWatch, UserFetcher } from './people.js';

const person = (id: number): UserWithPresence => ({ id, username: `u${id}`, createdAt: 0, role: 'member', online: false });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function fetcher(answer: (ids: number[]) => Promise<UserWithPresence[]> = async (ids) => ids.filter((id) => id < 1000).map(person)) {
  const known = new Map<number, UserWithPresence>();
  const requests: number[][] = [];
  const f = new UserFetcher({
    known: (id) => known.has(id),
    get: (ids) => (requests.push(ids), answer(ids)),
    store: (users) => users.forEach((u) => known.set(u.id, u)),
  });
  return { f, known, requests };
}

describe('UserFetcher', () => {
  it('asks once per tick for everyone wanted in it, at most 100 ids a request', async () => {
    const { f, known, requests } = fetcher();
    for (let id = 1; id <= 150; id++) f.ensure([id, id]); // 150 rows each asking, some twice
    expect(requests).toEqual([]);
    await vi.runAllTimersAsync();
    expect(requests.map((r) => r.length)).toEqual([100, 50]);
    expect(known.size).toBe(150);
  });

  it('does not ask again for someone known, on the way, or known to be nobody', async () => {
    let release!: () => void;
    const { f, known, requests } = fetcher((ids) => new Promise((r) => (release = () => r(ids.filter((id) => id < 1000).map(person)))));
    f.ensure([1, 2000]);
    await vi.runAllTimersAsync();
    f.ensure([1, 2000]); // in flight
    await vi.runAllTimersAsync();
    expect(requests).toEqual([[1, 2000]]);
    release();
    await vi.runAllTimersAsync();
    f.ensure([1, 2000]); // 1 is known now, 2000 is nobody
    await vi.runAllTimersAsync();
    expect(requests).toEqual([[1, 2000]]);
    expect([...known.keys()]).toEqual([1]);
  });

  it('asks again for what failed only after a reconnect, not on every render meanwhile', async () => {
    let fail = true;
    const { f, known, requests } = fetcher(async (ids) => {
      if (fail) throw new Error('timeout');
      return ids.map(person);
    });
    f.ensure([7, 0]); // 0 is the system, never fetched
    await vi.runAllTimersAsync();
    expect(known.size).toBe(0);
    f.ensure([7]);
    await vi.runAllTimersAsync();
    expect(requests).toEqual([[7]]);
    fail = false;
    f.retry();
    await vi.runAllTimersAsync();
    expect(requests).toEqual([[7], [7]]);
    expect(known.has(7)).toBe(true);
  });
});

function watching(opts: { connected?: () => boolean } = {}) {
  const base = signal<number[]>([1, 2]);
  const sent: number[][] = [];
  const applied: PresenceChange[][] = [];
  const watch = new PresenceWatch({
    base: () => base.value,
    send: async (ids) => (sent.push([...ids].sort((a, b) => a - b)), ids.map((userId) => ({ userId, online: true }))),
    apply: (changes) => applied.push(changes),
    connected: opts.connected ?? (() => true),
    delayMs: 250,
  });
  const stop = watch.start();
  return { base, sent, applied, watch, stop };
}

describe('PresenceWatch', () => {
  it('after a snapshot sends nothing while the set is the snapshot’s, then the changes, debounced', async () => {
    const { sent, watch, applied } = watching();
    watch.afterSnapshot([2, 1]);
    await vi.runAllTimersAsync();
    expect(sent).toEqual([]);

    const a = watch.watch([3, 4]);
    await vi.advanceTimersByTimeAsync(100);
    const b = watch.watch([4, 5]);
    await vi.advanceTimersByTimeAsync(249);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([[1, 2, 3, 4, 5]]);
    expect(applied.at(-1)?.map((c) => c.userId).sort()).toEqual([1, 2, 3, 4, 5]);

    a(); // 4 is still held by b
    a(); // twice changes nothing
    await vi.runAllTimersAsync();
    expect(sent.at(-1)).toEqual([1, 2, 4, 5]);
    b();
    await vi.runAllTimersAsync();
    expect(sent.at(-1)).toEqual([1, 2]);
    expect(sent).toHaveLength(3);
  });

  it('after a reconnect sends its set at once when the snapshot’s is another', async () => {
    let connected = false;
    const { sent, watch } = watching({ connected: () => connected });
    watch.watch([9]);
    await vi.runAllTimersAsync();
    expect(sent).toEqual([]); // offline: nothing to send to
    connected = true;
    watch.afterSnapshot([1, 2]);
    expect(sent).toEqual([[1, 2, 9]]);
    // The next reconnect's snapshot reset the server's set again: ours goes again.
    watch.afterSnapshot([1, 2]);
    expect(sent).toEqual([[1, 2, 9], [1, 2, 9]]);
  });

  it('keeps at most 500, the DM peers and the latest registered first', async () => {
    const { sent, watch, base } = watching();
    watch.afterSnapshot([1, 2]);
    base.value = [1, 2];
    watch.watch(Array.from({ length: 400 }, (_, i) => 1000 + i));
    watch.watch(Array.from({ length: 200 }, (_, i) => 5000 + i));
    await vi.runAllTimersAsync();
    const ids = sent.at(-1)!;
    expect(ids).toHaveLength(500);
    expect(ids).toContain(1);
    expect(ids).toContain(5199);
    expect(ids).not.toContain(1000); // the oldest registrations give way
  });
});
