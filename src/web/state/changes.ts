// Live change batches and catch-up. Every batch is applied at once; each loaded timeline's cursor (cursor.ts) says
// whether anything before it is still missing, and if so this module asks the server with `sync`, without waiting
// for a reconnect. After a reconnect every ready timeline catches up from its cursor. One sync per conversation is
// in flight at a time.
import type { ChangeBatch, SyncReply } from '../../shared/protocol.js';
import { isConnected, rpc } from './client.js';
import { applyMessages } from './messages.js';
import { allTimelines, loadedTimeline } from './timeline.js';

/**
 * How long an out-of-order batch waits for the ones before it. Between nodes, Redis and PostgreSQL deliver in
 * order per channel but two transactions committed a few milliseconds apart may be published in either order, and a
 * busy event loop adds tens of milliseconds: 300 ms covers that with room to spare, while a batch really lost is
 * repaired before anyone notices. A shorter window would send needless syncs under load; a longer one would leave
 * a missed edit on screen for longer.
 */
export const REORDER_WINDOW_MS = 300;
const MAX_WAIT_MS = 8000;

const inFlight = new Set<number>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();
// Syncs in a row that left a gap open (the server had nothing to fill it yet): back off.
const misses = new Map<number, number>();

export function receiveLive(batch: ChangeBatch): void {
  applyMessages(batch.conversationId, batch.messages, true);
  const t = loadedTimeline(batch.conversationId);
  if (!t) return;
  t.cursor.live(batch.since, batch.clock);
  if (t.cursor.gap) syncSoon(t.conversationId);
  else misses.delete(t.conversationId);
}

/** After a reconnect: reload timelines that never loaded, catch up the others from their cursors. */
export async function catchUp(): Promise<void> {
  for (const t of allTimelines()) if (!t.ready.value) void t.loadNewest();
  await syncConversations(allTimelines().map((t) => t.conversationId));
}

export function stopCatchUp(): void {
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
  misses.clear();
}

function syncSoon(conversationId: number, always = false): void {
  if (timers.has(conversationId)) return;
  const wait = Math.min(REORDER_WINDOW_MS * 2 ** (misses.get(conversationId) ?? 0), MAX_WAIT_MS);
  const timer = setTimeout(() => {
    timers.delete(conversationId);
    if (always || loadedTimeline(conversationId)?.cursor.gap) void syncConversations([conversationId]);
  }, wait);
  timers.set(conversationId, timer);
}

async function syncConversations(ids: readonly number[]): Promise<void> {
  const positions: { conversationId: number; clock: number }[] = [];
  for (const id of ids) {
    const clock = loadedTimeline(id)?.cursor.clock;
    if (clock === undefined || clock === null || inFlight.has(id)) continue;
    positions.push({ conversationId: id, clock });
    inFlight.add(id);
  }
  if (!positions.length) return;
  let reply: SyncReply | null = null;
  try {
    reply = await rpc('sync', { positions });
  } catch (e) {
    // Lost with the connection: the reconnect catches up. Otherwise (a timeout, a refusal) try again later.
    console.warn('flack: sync failed', e);
  } finally {
    for (const p of positions) inFlight.delete(p.conversationId);
  }
  if (reply) applySync(reply);
  for (const { conversationId } of positions) {
    const t = loadedTimeline(conversationId);
    if (!t) continue;
    if (!reply ? isConnected() : t.cursor.gap) {
      misses.set(conversationId, (misses.get(conversationId) ?? 0) + 1);
      syncSoon(conversationId, !reply);
    } else {
      misses.delete(conversationId);
    }
  }
}

function applySync(reply: SyncReply): void {
  for (const batch of reply.changes) {
    applyMessages(batch.conversationId, batch.messages);
    loadedTimeline(batch.conversationId)?.cursor.caughtUp(batch.clock);
  }
  for (const id of reply.reset) {
    const t = loadedTimeline(id);
    if (!t) continue;
    t.reset();
    void t.loadNewest();
  }
}
