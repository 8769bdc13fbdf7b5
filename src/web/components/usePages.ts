// A list the server hands out a page at a time (`next` → `after`): the first page for the current `key` (a search
// box's text, a conversation), after `delayMs` of quiet so typing sends one search rather than one per letter (the
// very first page comes at once), then "Load more". An answer for a key that is no longer current is dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../lib/errors.js';
import type { PageOf } from '../state/people.js';
import { watchPresence } from '../state/people.js';

export interface Pages<T> {
  items: T[];
  /** More after these. */
  more: boolean;
  loading: boolean;
  /** The first page for the current key has arrived. */
  loaded: boolean;
  error: string | null;
  loadMore(): void;
  /** Change the list in place (someone removed, someone invited) without fetching it again. */
  update(change: (items: T[]) => T[]): void;
}

interface Held<T> {
  items: T[];
  next: string | null;
  loading: boolean;
  loaded: boolean;
  error: string | null;
}

export function usePages<T>(fetchPage: (after?: string) => Promise<PageOf<T>>, key: string, delayMs = 0): Pages<T> {
  const [held, setHeld] = useState<Held<T>>({ items: [], next: null, loading: true, loaded: false, error: null });
  // Which key's answers are wanted; a new key makes the older answers stale.
  const run = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const first = useRef(true);

  const load = (after: string | undefined, id: number) => {
    setHeld((h) => ({ ...h, loading: true, error: null }));
    fetchRef.current(after).then(
      (page) => {
        if (id !== run.current) return;
        setHeld((h) => ({
          items: after === undefined ? page.items : [...h.items, ...page.items],
          next: page.next,
          loading: false,
          loaded: true,
          error: null,
        }));
      },
      (e: unknown) => {
        if (id === run.current) setHeld((h) => ({ ...h, loading: false, error: errorText(e) }));
      },
    );
  };

  useEffect(() => {
    const id = ++run.current;
    const wait = first.current ? 0 : delayMs;
    first.current = false;
    setHeld((h) => ({ ...h, loading: true }));
    const timer = setTimeout(() => load(undefined, id), wait);
    return () => clearTimeout(timer);
  }, [key]);

  return {
    items: held.items,
    more: held.next !== null,
    loading: held.loading,
    loaded: held.loaded,
    error: held.error,
    loadMore: () => {
      if (held.next !== null && !held.loading) load(held.next, run.current);
    },
    update: (change) => setHeld((h) => ({ ...h, items: change(h.items) })),
  };
}

/** Keep these people's presence current while the component shows them. */
export function useWatchPresence(ids: readonly number[]): void {
  const key = ids.join(',');
  useEffect(() => watchPresence(ids), [key]);
}
