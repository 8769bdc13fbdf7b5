// The messages this client holds for one conversation (its top-level messages) or one thread (its root and its
// replies): sorted by seq, one copy per id, the copy with the highest clock. History pages, live batches, sync
// replies and acks all go through `upsert`, in any order.
import { signal } from '@preact/signals';
import type { Message } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { ChangeCursor } from './cursor.js';

export interface Page {
  /** Oldest first. */
  messages: readonly Message[];
  hasMore: boolean;
  clock: number;
  /** A thread's page carries its root. */
  root?: Message;
}
/** The newest page, or the one before seq `before`. */
export type PageSource = (before?: number) => Promise<Page>;

export class Timeline {
  readonly messages = signal<readonly Message[]>([]);
  /** A thread's first message (the one replied to); null for a conversation, and until a thread's page arrives. */
  readonly root = signal<Message | null>(null);
  /** False once the first message of the conversation (or the first reply) is held. */
  readonly hasMore = signal(true);
  /** True once the newest page has arrived. */
  readonly ready = signal(false);
  readonly loadingOlder = signal(false);
  readonly error = signal<string | null>(null);
  /**
   * Where this conversation's change log is complete (see cursor.ts). Replies are changes of their conversation,
   * so a thread's timeline relies on its conversation's cursor and leaves its own unused.
   */
  readonly cursor = new ChangeCursor();
  private byId = new Map<number, Message>();
  // Bumped by reset: a page requested before it must not start the new cursor.
  private generation = 0;
  private loading = false;

  /** `threadId`: the root's id for a thread's timeline, null for a conversation's. */
  constructor(
    readonly conversationId: number,
    readonly threadId: number | null,
    private readonly source: PageSource,
  ) {}

  get newestSeq(): number {
    return this.messages.value.at(-1)?.seq ?? 0;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  get(id: number): Message | undefined {
    return this.byId.get(id) ?? (this.root.value?.id === id ? this.root.value : undefined);
  }

  upsert(incoming: readonly Message[]): void {
    const replaced = new Map<number, Message>();
    const added: Message[] = [];
    for (const m of incoming) {
      if (m.conversationId !== this.conversationId) continue;
      if (this.threadId !== null && m.id === this.threadId) {
        if ((this.root.value?.clock ?? -1) < m.clock) this.root.value = m;
        continue;
      }
      if (m.threadId !== this.threadId) continue;
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
      const page = await this.source();
      if (generation !== this.generation) return;
      this.upsert(page.root ? [page.root, ...page.messages] : page.messages);
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
      const page = await this.source(first.seq);
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
const threads = new Map<number, Timeline>();

const withBefore = <T extends object>(payload: T, before?: number) => (before === undefined ? payload : { ...payload, before });

/** The timeline for a conversation, fetching its newest page the first time. */
export function timelineFor(conversationId: number): Timeline {
  let t = timelines.get(conversationId);
  if (!t) {
    t = new Timeline(conversationId, null, (before) => rpc('history', withBefore({ conversationId }, before)));
    timelines.set(conversationId, t);
    void t.loadNewest();
  }
  return t;
}

/** The timeline of a thread, fetching its newest replies the first time. */
export function threadFor(conversationId: number, rootId: number): Timeline {
  let t = threads.get(rootId);
  if (!t) {
    t = new Timeline(conversationId, rootId, (before) => rpc('thread:history', withBefore({ messageId: rootId }, before)));
    threads.set(rootId, t);
    void t.loadNewest();
  }
  return t;
}

export const loadedTimeline = (conversationId: number) => timelines.get(conversationId);
export const loadedThread = (rootId: number) => threads.get(rootId);
export const allTimelines = () => [...timelines.values()];
export const threadsOf = (conversationId: number) => [...threads.values()].filter((t) => t.conversationId === conversationId);
export const allThreads = () => [...threads.values()];

export function dropTimeline(conversationId: number): void {
  timelines.delete(conversationId);
  for (const t of threadsOf(conversationId)) threads.delete(t.threadId!);
}
export function dropAllTimelines(): void {
  timelines.clear();
  threads.clear();
}
