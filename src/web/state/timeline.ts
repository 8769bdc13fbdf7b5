// The messages this client holds for one conversation: sorted by seq, one copy per id, the copy with the highest
// clock. History pages, live batches, sync replies and acks all go through `upsert`, in any order.
import { signal } from '@preact/signals';
import type { Message } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { ChangeCursor } from './cursor.js';

export class Timeline {
  readonly messages = signal<readonly Message[]>([]);
  /** False once the first message of the conversation is held. */
  readonly hasMore = signal(true);
  /** True once the newest page has arrived. */
  readonly ready = signal(false);
  readonly loadingOlder = signal(false);
  readonly error = signal<string | null>(null);
  /** Where this timeline's change log is complete (see cursor.ts). */
  readonly cursor = new ChangeCursor();
  private byId = new Map<number, Message>();
  // Bumped by reset: a page requested before it must not start the new cursor.
  private generation = 0;
  private loading = false;

  constructor(readonly conversationId: number) {}

  get newestSeq(): number {
    return this.messages.value.at(-1)?.seq ?? 0;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  get(id: number): Message | undefined {
    return this.byId.get(id);
  }

  upsert(incoming: readonly Message[]): void {
    const replaced = new Map<number, Message>();
    const added: Message[] = [];
    for (const m of incoming) {
      if (m.conversationId !== this.conversationId) continue;
      const held = this.byId.get(m.id);
      if (held && held.clock >= m.clock) continue;
      this.byId.set(m.id, m);
      if (held) replaced.set(m.id, m);
      else added.push(m);
    }
    if (!replaced.size && !added.length) return;
    const kept = replaced.size ? this.messages.value.map((m) => replaced.get(m.id) ?? m) : this.messages.value;
    added.sort((a, b) => a.seq - b.seq);
    const appendOnly = !kept.length || !added.length || added[0]!.seq > kept.at(-1)!.seq;
    this.messages.value = appendOnly ? [...kept, ...added] : [...kept, ...added].sort((a, b) => a.seq - b.seq);
  }

  reset(): void {
    this.generation++;
    this.loading = false;
    this.byId.clear();
    this.cursor.reset();
    this.messages.value = [];
    this.hasMore.value = true;
    this.ready.value = false;
  }

  async loadNewest(): Promise<void> {
    if (this.loading) return;
    const generation = this.generation;
    this.loading = true;
    this.error.value = null;
    try {
      const page = await rpc('history', { conversationId: this.conversationId });
      if (generation !== this.generation) return;
      this.upsert(page.messages);
      // Live messages may have arrived first; what decides "more" is what lies before the page.
      if (!page.hasMore) this.hasMore.value = false;
      this.cursor.start(page.clock);
      this.ready.value = true;
    } catch (e) {
      if (generation === this.generation) this.error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  async loadOlder(): Promise<void> {
    const first = this.messages.value[0];
    if (this.loadingOlder.value || !this.hasMore.value || !first) return;
    this.loadingOlder.value = true;
    try {
      const page = await rpc('history', { conversationId: this.conversationId, before: first.seq });
      this.upsert(page.messages);
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
