// The messages this client holds for one conversation (its top-level messages) or one thread (its root and its
// replies): sorted by seq, one copy per id, the copy with the highest clock. History pages, live batches, sync
// replies and acks all go through `upsert`, in any order.
//
// A conversation's timeline may be detached (`hasNewer`): it holds a window somewhere in the past, opened at a
// message (jumpToMessage), and pages down towards the newest end. Whatever arrives past the window meanwhile (live
// batches, sync replies) is kept aside in `beyond` and taken in as the window reaches it, so nothing is lost and the
// cursor stays true throughout: the change log is still applied in full, only the display waits.
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
  /** With `after` or `around`: newer messages exist after the page. */
  hasNewer?: boolean;
}
/** The newest page, or the one before seq `before`. */
export type PageSource = (before?: number) => Promise<Page>;
/** A page after a seq (paging down a detached window), or around one (jumping to it). */
export type JumpSource = (at: { after: number } | { around: number }) => Promise<Page>;

export class Timeline {
  readonly messages = signal<readonly Message[]>([]);
  /** A thread's first message (the one replied to); null for a conversation, and until a thread's page arrives. */
  readonly root = signal<Message | null>(null);
  /** False once the first message of the conversation (or the first reply) is held. */
  readonly hasMore = signal(true);
  /** True once the newest page has arrived. */
  readonly ready = signal(false);
  readonly loadingOlder = signal(false);
  /** Detached: the window ends before the newest message (see the top of this file). */
  readonly hasNewer = signal(false);
  readonly loadingNewer = signal(false);
  readonly error = signal<string | null>(null);
  /**
   * Where this conversation's change log is complete (see cursor.ts). Replies are changes of their conversation,
   * so a thread's timeline relies on its conversation's cursor and leaves its own unused.
   */
  readonly cursor = new ChangeCursor();
  private byId = new Map<number, Message>();
  // While detached: the newest copy of each message past the window.
  private beyond = new Map<number, Message>();
  // Bumped by reset: a page requested before it must not start the new cursor.
  private generation = 0;
  private loading = false;

  /** `threadId`: the root's id for a thread's timeline, null for a conversation's. */
  constructor(
    readonly conversationId: number,
    readonly threadId: number | null,
    private readonly source: PageSource,
    private readonly jumpSource?: JumpSource,
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

  /** Holds this seq (a top-level message's seq for a conversation, a reply's for a thread). */
  holds(seq: number): boolean {
    const list = this.messages.value;
    return !!list.length && seq >= list[0]!.seq && seq <= list.at(-1)!.seq;
  }

  upsert(incoming: readonly Message[]): void {
    if (!this.hasNewer.value) return this.place(incoming);
    const end = this.newestSeq;
    for (const m of incoming) {
      if (m.seq <= end || m.conversationId !== this.conversationId || m.threadId !== null) continue;
      if ((this.beyond.get(m.id)?.clock ?? -1) < m.clock) this.beyond.set(m.id, m);
    }
    this.place(incoming.filter((m) => m.seq <= end));
  }

  private place(incoming: readonly Message[]): void {
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
    this.beyond.clear();
    this.cursor.reset();
    this.messages.value = [];
    this.hasMore.value = true;
    this.hasNewer.value = false;
    this.loadingNewer.value = false;
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
    const generation = this.generation;
    this.loadingOlder.value = true;
    try {
      const page = await this.source(first.seq);
      // The window was replaced meanwhile (a jump): this page may not join it.
      if (generation !== this.generation) return;
      this.upsert(page.messages);
      this.hasMore.value = page.hasMore;
    } catch (e) {
      this.error.value = e instanceof Error ? e.message : String(e);
    } finally {
      this.loadingOlder.value = false;
    }
  }

  /** Replaces the window by the one around `seq`, detached unless it reaches the newest message. */
  async loadAround(seq: number): Promise<void> {
    if (!this.jumpSource) return;
    const jump = this.jumpSource;
    await this.replaceWith(() => jump({ around: seq }));
  }

  /** Back to the newest page, from a detached window. */
  async showNewest(): Promise<void> {
    if (this.hasNewer.value) await this.replaceWith(() => this.source());
  }

  /** The next page down a detached window; the last one joins the newest end. */
  async loadNewer(): Promise<void> {
    const last = this.messages.value.at(-1);
    if (!this.jumpSource || this.loading || this.loadingNewer.value || !this.hasNewer.value || !last) return;
    const generation = this.generation;
    this.loadingNewer.value = true;
    try {
      const page = await this.jumpSource({ after: last.seq });
      if (generation !== this.generation) return;
      this.place(page.messages);
      this.takeIn(page.hasNewer === true);
    } catch (e) {
      if (generation === this.generation) this.error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (generation === this.generation) this.loadingNewer.value = false;
    }
  }

  // The new window's messages replace what is held; held copies from its first seq on may be newer than the page
  // (changed while it was on its way) and are merged, the ones past it kept aside if the window is detached.
  private async replaceWith(fetchPage: () => Promise<Page>): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    this.loadingNewer.value = false;
    this.error.value = null;
    try {
      const page = await fetchPage();
      if (generation !== this.generation) return;
      const first = page.messages[0]?.seq ?? Infinity;
      const kept = [...this.messages.value, ...this.beyond.values()].filter((m) => m.seq >= first);
      this.byId.clear();
      this.beyond.clear();
      this.messages.value = [];
      this.hasNewer.value = false;
      this.place(page.messages);
      this.hasMore.value = page.hasMore;
      this.hasNewer.value = page.hasNewer === true;
      this.upsert(kept);
      if (this.cursor.clock === null) this.cursor.start(page.clock);
      this.ready.value = true;
    } catch (e) {
      if (generation === this.generation) this.error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  // After a page down: what was kept aside and now falls inside the window goes in; all of it once detached no more.
  private takeIn(stillDetached: boolean): void {
    const end = this.newestSeq;
    const now = [...this.beyond.values()].filter((m) => !stillDetached || m.seq <= end);
    for (const m of now) this.beyond.delete(m.id);
    this.hasNewer.value = stillDetached;
    this.place(now);
  }
}

const timelines = new Map<number, Timeline>();
const threads = new Map<number, Timeline>();

const withBefore = <T extends object>(payload: T, before?: number) => (before === undefined ? payload : { ...payload, before });

/** The timeline for a conversation, fetching its newest page the first time. */
export function timelineFor(conversationId: number): Timeline {
  let t = timelines.get(conversationId);
  if (!t) {
    t = new Timeline(
      conversationId,
      null,
      (before) => rpc('history', withBefore({ conversationId }, before)),
      (at) => rpc('history', { conversationId, ...at }),
    );
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
