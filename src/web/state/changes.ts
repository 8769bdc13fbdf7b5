// Live change batches and catch-up, wired to the socket and the timelines (the timing is in catchUp.ts). Replies
// are changes of their conversation: its cursor covers them, and applyMessages routes them to their thread.
import { batch } from '@preact/signals';
import type { ChangeBatch } from '../../shared/protocol.js';
import { CatchUp } from './catchUp.js';
import { isConnected, rpc } from './client.js';
import { applyMessages } from './messages.js';
import { allThreads, allTimelines, loadedTimeline, threadsOf } from './timeline.js';

const catchUpper = new CatchUp({
  sync: (positions) => rpc('sync', { positions }),
  apply: applyMessages,
  cursor: (id) => loadedTimeline(id)?.cursor,
  reload(id) {
    for (const t of [loadedTimeline(id), ...threadsOf(id)]) {
      t?.reset();
      void t?.loadNewest();
    }
  },
  connected: isConnected,
});

/**
 * A busy channel sends hundreds of change batches a second, each in a socket frame of its own: applied one by one,
 * each renders the message list (which then measures its rows) again, and a burst of 500 froze a tab for 20 s.
 * They are held for at most LIVE_HOLD_MS and applied together: a burst costs a render or two.
 */
const LIVE_HOLD_MS = 40;
let held: ChangeBatch[] = [];
let holdTimer: ReturnType<typeof setTimeout> | null = null;
let scheduled = false;
// A hidden tab's timers are throttled (to a second or far more in Firefox), which would hold its unread counts and
// notifications back: there the batches go after the frames already queued, through a message port instead.
const afterQueued = new MessageChannel();
afterQueued.port1.onmessage = () => flushLive();
globalThis.document?.addEventListener('visibilitychange', () => flushLive());

export function receiveLive(change: ChangeBatch): void {
  held.push(change);
  if (scheduled) return;
  scheduled = true;
  if (globalThis.document?.visibilityState === 'hidden') afterQueued.port2.postMessage(null);
  else holdTimer = setTimeout(flushLive, LIVE_HOLD_MS);
}

/** Applies the held batches now. Every other server event calls this first, so events keep their order. */
export function flushLive(): void {
  if (holdTimer !== null) clearTimeout(holdTimer);
  holdTimer = null;
  scheduled = false;
  if (!held.length) return;
  const batches = held;
  held = [];
  batch(() => {
    for (const b of batches) catchUpper.live(b);
  });
}

/** After a reconnect: reload timelines that never loaded, catch up the others from their cursors. */
export async function catchUp(): Promise<void> {
  for (const t of [...allTimelines(), ...allThreads()]) if (!t.ready.value) void t.loadNewest();
  await catchUpper.sync(allTimelines().map((t) => t.conversationId));
}

export function stopCatchUp(): void {
  if (holdTimer !== null) clearTimeout(holdTimer);
  holdTimer = null;
  scheduled = false;
  held = [];
  catchUpper.stop();
}
