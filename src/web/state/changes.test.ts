import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeBatch, Message, SyncReply } from '../../shared/protocol.js';

const rpc = vi.fn();
vi.mock('./client.js', () => ({ rpc, tell: vi.fn(), isConnected: () => true }));

const { catchUp, receiveLive, REORDER_WINDOW_MS, stopCatchUp } = await import('./changes.js');
const { dropAllTimelines, timelineFor } = await import('./timeline.js');

const msg = (seq: number, clock: number, body = `m${seq}`): Message => ({
  id: 100 + seq,
  conversationId: 1,
  threadId: null,
  thread: null,
  seq,
  kind: 'user',
  authorId: 2,
  authorName: 'bob',
  body,
  clientId: `c${seq}`,
  createdAt: seq,
  clock,
  editedAt: null,
  deletedAt: null,
  reactions: [],
});
const live = (clock: number, m: Message): ChangeBatch => ({ conversationId: 1, since: clock - 1, clock, messages: [m] });

/** A timeline whose newest page (clock 10) has arrived. */
async function openTimeline() {
  rpc.mockResolvedValueOnce({ messages: [msg(1, 1), msg(2, 10)], hasMore: false, clock: 10 });
  const t = timelineFor(1);
  await vi.waitFor(() => expect(t.ready.value).toBe(true));
  rpc.mockClear();
  return t;
}

const syncCalls = () => rpc.mock.calls.filter(([event]) => event === 'sync').map(([, payload]) => payload);

describe('catching up on change batches', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    stopCatchUp();
    dropAllTimelines();
    rpc.mockReset();
    vi.useRealTimers();
  });

  it('applies batches that connect and asks for nothing', async () => {
    const t = await openTimeline();
    receiveLive(live(11, msg(3, 11)));
    receiveLive(live(12, msg(1, 12, 'edited')));
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 4);
    expect(t.cursor.clock).toBe(12);
    expect(t.messages.value.map((m) => m.body)).toEqual(['edited', 'm2', 'm3']);
    expect(syncCalls()).toEqual([]);
  });

  it('waits out a reordering without a sync: the overtaken batch arrives within the window', async () => {
    const t = await openTimeline();
    receiveLive(live(12, msg(4, 12)));
    expect(t.messages.value.map((m) => m.seq)).toEqual([1, 2, 4]); // applied at once all the same
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS / 2);
    receiveLive(live(11, msg(3, 11)));
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 4);
    expect(t.cursor.clock).toBe(12);
    expect(syncCalls()).toEqual([]);
  });

  it('syncs from the cursor once the window has passed with the gap still open, and moves the cursor to the reply', async () => {
    const t = await openTimeline();
    receiveLive(live(12, msg(4, 12))); // 11 was lost: it edited message 1
    rpc.mockResolvedValueOnce({
      changes: [{ conversationId: 1, since: 10, clock: 12, messages: [msg(1, 11, 'edited'), msg(4, 12)] }],
      reset: [],
    } satisfies SyncReply);
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS - 1);
    expect(syncCalls()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(syncCalls()).toEqual([{ positions: [{ conversationId: 1, clock: 10 }] }]);
    await vi.waitFor(() => expect(t.cursor.clock).toBe(12));
    expect(t.cursor.gap).toBe(false);
    expect(t.messages.value.map((m) => m.body)).toEqual(['edited', 'm2', 'm4']);
  });

  it('keeps one sync in flight per conversation, and syncs again if a new gap opened meanwhile', async () => {
    const t = await openTimeline();
    let answer: (r: SyncReply) => void = () => undefined;
    rpc.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    receiveLive(live(12, msg(4, 12)));
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS);
    receiveLive(live(14, msg(6, 14))); // another loss while the first sync is out
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 2);
    await catchUp(); // a reconnect, too
    expect(syncCalls()).toHaveLength(1);

    rpc.mockResolvedValueOnce({ changes: [{ conversationId: 1, since: 12, clock: 14, messages: [msg(5, 13), msg(6, 14)] }], reset: [] });
    answer({ changes: [{ conversationId: 1, since: 10, clock: 12, messages: [msg(3, 11), msg(4, 12)] }], reset: [] });
    await vi.advanceTimersByTimeAsync(REORDER_WINDOW_MS * 4);
    expect(syncCalls()).toEqual([
      { positions: [{ conversationId: 1, clock: 10 }] },
      { positions: [{ conversationId: 1, clock: 12 }] },
    ]);
    expect(t.cursor.clock).toBe(14);
    expect(t.messages.value.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a conversation too far behind is reloaded from its newest page', async () => {
    const t = await openTimeline();
    rpc.mockResolvedValueOnce({ changes: [], reset: [1] } satisfies SyncReply);
    rpc.mockResolvedValueOnce({ messages: [msg(900, 1000)], hasMore: true, clock: 1000 });
    await catchUp();
    await vi.waitFor(() => expect(t.cursor.clock).toBe(1000));
    expect(t.messages.value.map((m) => m.seq)).toEqual([900]);
  });
});
