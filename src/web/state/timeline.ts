// The messages this client holds for one conversation: sorted by seq, never two with the same id.
// History pages, live events, sync replies and send acks all go through `add`, in any order.
import { signal } from '@preact/signals';
import type { Message } from '../../shared/protocol.js';
import { rpc } from './client.js';

export class Timeline {
  readonly messages = signal<readonly Message[]>([]);
  /** False once the first message of the conversation is held. */
  readonly hasMore = signal(true);
  /** True once the newest page has arrived. */
  readonly ready = signal(false);
  readonly loadingOlder = signal(false);
  readonly error = signal<string | null>(null);
  private ids = new Set<number>();

  constructor(readonly conversationId: number) {}

  get newestSeq(): number {
    return this.messages.value.at(-1)?.seq ?? 0;
  }

  add(incoming: readonly Message[]): void {
    const fresh = incoming.filter((m) => m.conversationId === this.conversationId && !this.ids.has(m.id));
    if (!fresh.length) return;
    for (const m of fresh) this.ids.add(m.id);
    const current = this.messages.value;
    const appendOnly = fresh.every((m, i) => m.seq > (i ? fresh[i - 1]!.seq : (current.at(-1)?.seq ?? 0)));
    this.messages.value = appendOnly ? [...current, ...fresh] : [...current, ...fresh].sort((a, b) => a.seq - b.seq);
  }

  reset(): void {
    this.ids.clear();
    this.messages.value = [];
    this.hasMore.value = true;
    this.ready.value = false;
  }

  async loadNewest(): Promise<void> {
    this.error.value = null;
    try {
      const page = await rpc('history', { conversationId: this.conversationId });
      this.add(page.messages);
      // Live messages may have arrived first; what decides "more" is what lies before the page.
      if (!page.hasMore) this.hasMore.value = false;
      this.ready.value = true;
    } catch (e) {
      this.error.value = e instanceof Error ? e.message : String(e);
    }
  }

  async loadOlder(): Promise<void> {
    const first = this.messages.value[0];
    if (this.loadingOlder.value || !this.hasMore.value || !first) return;
    this.loadingOlder.value = true;
    try {
      const page = await rpc('history', { conversationId: this.conversationId, before: first.seq });
      this.add(page.messages);
      this.hasMore.value = page.hasMore;
    } catch (e) {
      this.error.value = e instanceof Error ? e.message : String(e);
    } finally {
      this.loadingOlder.value = false;
    }
  }
}

const timelines = new Map<number, Timeline>();

/** The timeline for a conversation, fetching its newest page the first time. */
export function timelineFor(conversationId: number): Timeline {
  let t = timelines.get(conversationId);
  if (!t) {
    t = new Timeline(conversationId);
    timelines.set(conversationId, t);
    void t.loadNewest();
  }
  return t;
}

export const loadedTimeline = (conversationId: number) => timelines.get(conversationId);
export const allTimelines = () => [...timelines.values()];
export const dropTimeline = (conversationId: number) => timelines.delete(conversationId);
export const dropAllTimelines = () => timelines.clear();
