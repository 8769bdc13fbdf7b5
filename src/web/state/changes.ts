// Live change batches and catch-up, wired to the socket and the timelines (the timing is in catchUp.ts). Replies
// are changes of their conversation: its cursor covers them, and applyMessages routes them to their thread.
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

export const receiveLive = (batch: ChangeBatch) => catchUpper.live(batch);

/** After a reconnect: reload timelines that never loaded, catch up the others from their cursors. */
export async function catchUp(): Promise<void> {
  for (const t of [...allTimelines(), ...allThreads()]) if (!t.ready.value) void t.loadNewest();
  await catchUpper.sync(allTimelines().map((t) => t.conversationId));
}

export const stopCatchUp = () => catchUpper.stop();
