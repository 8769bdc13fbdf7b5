import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeBatch, Message, SyncReply } from '../../shared/protocol.js';
import { CatchUp, REORDER_WINDOW_MS } from './catchUp.js';
import { Timeline } from './timeline.js';
import { userMessage } from '../../../test/helpers/message.js';

const msg = (seq: number, clock: number, body = `m${seq}`): Message => userMessage(seq, { clock, body });
const live = (clock: number, m: Message): ChangeBatch => ({ conversationId: 1, since: clock - 1, clock, messages: [m] });
type Positions = { conversationId: number; clock: number }[];

/**
 * A conversation whose newest page (clock 10) has arrived, and the catch-up under test wired to it. `answers` are
 * the server's replies to `sync`, in order; a missing one never comes (the request hangs).
 */
function setUp() {
  const timeline = new Timeline(1, null, () => Promise.reject(new Error('no pages here')));
  timeline.upsert([msg(1, 1), msg(2, 10)]);
  timeline.cursor.start(10);
  timeline.ready.value = true;
  const syncs: Positions[] = [];
  const answers: (SyncReply | Promise<SyncReply>)[] = [];
  const reloads: number[] = [];
  const catchUp = new CatchUp({
    sync: (positions) => {
      syncs.push(positions);
      return Promise.resolve(answers.shift() ?? new Promise<SyncReply>(() => undefined));
    },
    apply: (_id, messages) => timeline.upsert(messages),
    cursor: (id) => (id === 1 ? timeline.cursor : undefined),
    reload: (id) => reloads.push(id),
    connected: () => true,
  });
  return { timeline, catchUp, syncs, answers, reloads };
}

describe('catching up on change batches', () => {
  let stop: (() => void) | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    stop?.();
    vi.useRealTimers();
  });

  it('applies batches that connect and asks for nothing', async () => {
    const { timeline: t, catchUp, syncs } = setUp();
    stop = () => catchUp.stop();
    catchUp.live(live(11, msg(3, 11)));
    catchUp.live(live(12, msg(1, 12, 'edited')));
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 4);
    expect(t.cursor.clock).toBe(12);
    expect(t.messages.value.map((m) => m.body)).toEqual(['edited', 'm2', 'm3']);
    expect(syncs).toEqual([]);
  });

  it('waits out a reordering without a sync: the overtaken batch arrives within the window', async () => {
    const { timeline: t, catchUp, syncs } = setUp();
    stop = () => catchUp.stop();
    catchUp.live(live(12, msg(4, 12)));
    expect(t.messages.value.map((m) => m.seq)).toEqual([1, 2, 4]); // applied at once all the same
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS / 2);
    catchUp.live(live(11, msg(3, 11)));
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 4);
    expect(t.cursor.clock).toBe(12);
    expect(syncs).toEqual([]);
  });

  it('syncs from the cursor once the window has passed with the gap still open, and moves the cursor to the reply', async () => {
    const { timeline: t, catchUp, syncs, answers } = setUp();
    stop = () => catchUp.stop();
    catchUp.live(live(12, msg(4, 12))); // 11 was lost: it edited message 1
    answers.push({ changes: [{ conversationId: 1, since: 10, clock: 12, messages: [msg(1, 11, 'edited'), msg(4, 12)] }], reset: [] });
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS - 1);
    expect(syncs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(syncs).toEqual([[{ conversationId: 1, clock: 10 }]]);
    await vi.waitFor(() => expect(t.cursor.clock).toBe(12));
    expect(t.cursor.gap).toBe(false);
    expect(t.messages.value.map((m) => m.body)).toEqual(['edited', 'm2', 'm4']);
  });

  it('keeps one sync in flight per conversation, and syncs again if a new gap opened meanwhile', async () => {
    const { timeline: t, catchUp, syncs, answers } = setUp();
    stop = () => catchUp.stop();
    let answer: (r: SyncReply) => void = () => undefined;
    answers.push(new Promise((resolve) => (answer = resolve)));
    catchUp.live(live(12, msg(4, 12)));
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS);
    catchUp.live(live(14, msg(6, 14))); // another loss while the first sync is out
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 2);
    await catchUp.sync([1]); // a reconnect, too
    expect(syncs).toHaveLength(1);

    answers.push({ changes: [{ conversationId: 1, since: 12, clock: 14, messages: [msg(5, 13), msg(6, 14)] }], reset: [] });
    answer({ changes: [{ conversationId: 1, since: 10, clock: 12, messages: [msg(3, 11), msg(4, 12)] }], reset: [] });
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 4);
    expect(syncs).toEqual([[{ conversationId: 1, clock: 10 }], [{ conversationId: 1, clock: 12 }]]);
    expect(t.cursor.clock).toBe(14);
    expect(t.messages.value.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a conversation too far behind is handed back to be reloaded from its newest page', async () => {
    const { catchUp, answers, reloads } = setUp();
    stop = () => catchUp.stop();
    answers.push({ changes: [], reset: [1] });
    await catchUp.sync([1]);
    expect(reloads).toEqual([1]);
  });

  it('a failed sync is tried again later, backing off, while the connection holds', async () => {
    const { catchUp, syncs, answers } = setUp();
    stop = () => catchUp.stop();
    answers.push(Promise.reject(new Error('timeout')));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await catchUp.sync([1]);
    expect(syncs).toHaveLength(1);
    answers.push({ changes: [], reset: [] });
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 2 - 1);
    expect(syncs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(syncs).toHaveLength(2);
    warn.mockRestore();
  });
});
