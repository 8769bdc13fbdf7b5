// When to ask the server for changes this client missed. Every batch is applied at once; each conversation's
// cursor (cursor.ts) says whether anything before it is still missing, and if so this asks with `sync`, without
// waiting for a reconnect. One sync per conversation is in flight at a time. Behind a narrow port (sync, apply,
// the cursors) so the timing is tested directly; changes.ts wires it to the socket and the timelines.
import type { ChangeBatch, Message, SyncReply } from '../../shared/protocol.js';
import type { ChangeCursor } from './cursor.js';

/**
 * How long an out-of-order batch waits for the ones before it. Between nodes, Redis and PostgreSQL deliver in
 * order per channel but two transactions committed a few milliseconds apart may be published in either order, and a
 * busy event loop adds tens of milliseconds: 300 ms covers that with room to spare, while a batch really lost is
 * repaired before anyone notices. A shorter window would send needless syncs under load; a longer one would leave
 * a missed edit on screen for longer.
 */
export const REORDER_WINDOW_MS = 300;
const MAX_WAIT_MS = 8000;

export interface CatchUpPort {
  sync(positions: { conversationId: number; clock: number }[]): Promise<SyncReply>;
  apply(conversationId: number, messages: readonly Message[], from: 'live' | 'sync'): void;
  /** The cursor of a conversation whose timeline is loaded. */
  cursor(conversationId: number): ChangeCursor | undefined;
  /** Too far behind: start the conversation (and its threads) over from the newest page. */
  reload(conversationId: number): void;
  connected(): boolean;
}

export class CatchUp {
  private readonly inFlight = new Set<number>();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  // Syncs in a row that left a gap open (the server had nothing to fill it yet): back off.
  private readonly misses = new Map<number, number>();

  constructor(private readonly port: CatchUpPort) {}

  live(batch: ChangeBatch): void {
    this.port.apply(batch.conversationId, batch.messages, 'live');
    const cursor = this.port.cursor(batch.conversationId);
    if (!cursor) return;
    cursor.live(batch.since, batch.clock);
    if (cursor.gap) this.soon(batch.conversationId);
    else this.misses.delete(batch.conversationId);
  }

  /** Ask for everything after each conversation's cursor (after a reconnect). */
  async sync(ids: readonly number[]): Promise<void> {
    const positions: { conversationId: number; clock: number }[] = [];
    for (const id of ids) {
      const clock = this.port.cursor(id)?.clock;
      if (clock === undefined || clock === null || this.inFlight.has(id)) continue;
      positions.push({ conversationId: id, clock });
      this.inFlight.add(id);
    }
    if (!positions.length) return;
    let reply: SyncReply | null = null;
    try {
      reply = await this.port.sync(positions);
    } catch (e) {
      // Lost with the connection: the reconnect catches up. Otherwise (a timeout, a refusal) try again later.
      console.warn('flack: sync failed', e);
    } finally {
      for (const p of positions) this.inFlight.delete(p.conversationId);
    }
    if (reply) this.applySync(reply);
    for (const { conversationId } of positions) {
      const cursor = this.port.cursor(conversationId);
      if (!cursor) continue;
      if (!reply ? this.port.connected() : cursor.gap) {
        this.misses.set(conversationId, (this.misses.get(conversationId) ?? 0) + 1);
        this.soon(conversationId, !reply);
      } else {
        this.misses.delete(conversationId);
      }
    }
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.misses.clear();
  }

  private soon(conversationId: number, always = false): void {
    if (this.timers.has(conversationId)) return;
    const wait = Math.min(REORDER_WINDOW_MS * 2 ** (this.misses.get(conversationId) ?? 0), MAX_WAIT_MS);
    const timer = setTimeout(() => {
      this.timers.delete(conversationId);
      if (always || this.port.cursor(conversationId)?.gap) void this.sync([conversationId]);
    }, wait);
    this.timers.set(conversationId, timer);
  }

  private applySync(reply: SyncReply): void {
    for (const batch of reply.changes) {
      this.port.apply(batch.conversationId, batch.messages, 'sync');
      this.port.cursor(batch.conversationId)?.caughtUp(batch.clock);
    }
    for (const id of reply.reset) if (this.port.cursor(id)) this.port.reload(id);
  }
}
