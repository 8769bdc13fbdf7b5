// The Threads view: the threads you follow, most recent activity first, 20 at a time (`threads:list`). Counts and
// read positions come from `followed` (threads.ts); roots are kept current by every message that reaches us.
import { computed, signal } from '@preact/signals';
import type { Message } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { conversations } from './directory.js';
import { applyThreadState, followed } from './threads.js';

interface ListState {
  loading: boolean;
  error: string | null;
  /** The lastReplyAt of the oldest thread listed so far; null before the first page. */
  until: number | null;
  hasMore: boolean;
}

const roots = signal<ReadonlyMap<number, Message>>(new Map());
export const threadList = signal<ListState>({ loading: false, error: null, until: null, hasMore: true });

function putRoots(messages: readonly Message[], always: boolean): void {
  let next: Map<number, Message> | null = null;
  for (const m of messages) {
    if (m.threadId !== null) continue;
    const held = (next ?? roots.value).get(m.id);
    if (held ? held.clock >= m.clock : !always && !followed.value.has(m.id)) continue;
    next ??= new Map(roots.value);
    next.set(m.id, m);
  }
  if (next) roots.value = next;
}

/** Keep the roots of followed threads current, however their new copies arrived. */
export const noteRoots = (messages: readonly Message[]) => putRoots(messages, false);

/** The next page of threads (the first one when `more` is false). */
export async function loadThreadList(more = false): Promise<void> {
  const list = threadList.value;
  if (list.loading || (more && (!list.hasMore || list.until === null))) return;
  threadList.value = { ...list, loading: true, error: null };
  try {
    const page = await rpc('threads:list', more ? { before: list.until! } : {});
    putRoots(
      page.threads.map((t) => t.root),
      true,
    );
    for (const { state } of page.threads) applyThreadState(state);
    const oldest = page.threads.at(-1)?.state.lastReplyAt ?? null;
    const until = more ? (oldest ?? list.until) : oldest === null ? null : Math.min(oldest, list.until ?? oldest);
    threadList.value = { loading: false, error: null, until, hasMore: page.hasMore };
  } catch (e) {
    threadList.value = { ...threadList.value, loading: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Threads whose read position only the server knows: their state is in its first page (they are the newest). */
export function refreshFollowed(rootIds: readonly number[]): void {
  if (!rootIds.length) return;
  void rpc('threads:list', {})
    .then((page) => {
      putRoots(
        page.threads.map((t) => t.root),
        true,
      );
      for (const { state } of page.threads) applyThreadState(state);
    })
    .catch(() => undefined);
}

/** What the Threads view lists: every followed thread down to the oldest page loaded, newest activity first. */
export const threadItems = computed(() => {
  const { until, hasMore } = threadList.value;
  const items = [];
  for (const state of followed.value.values()) {
    const root = roots.value.get(state.rootId);
    const c = conversations.value.get(state.conversationId);
    if (!root || !c?.isMember) continue;
    if (hasMore && (until === null || state.lastReplyAt < until)) continue;
    items.push({ root, state, conversation: c });
  }
  return items.sort((a, b) => b.state.lastReplyAt - a.state.lastReplyAt || b.state.rootId - a.state.rootId);
});

export function clearThreadList(): void {
  roots.value = new Map();
  threadList.value = { loading: false, error: null, until: null, hasMore: true };
}
