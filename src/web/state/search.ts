// Message search (the `search` event): the query, its pages of results newest first, and going to a result. The
// server only ever answers from conversations you are a member of.
import { signal } from '@preact/signals';
import type { SearchResult } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { jumpToMessage } from './jump.js';
import { closeDialog } from './ui.js';

export interface SearchState {
  query: string;
  results: SearchResult[];
  next: number | null;
  status: 'idle' | 'loading' | 'done' | 'error';
  error: string | null;
}

const IDLE: SearchState = { query: '', results: [], next: null, status: 'idle', error: null };
export const search = signal<SearchState>(IDLE);

let asked = 0;

/** Searches for `query` (a new search: the earlier results go). */
export async function runSearch(query: string): Promise<void> {
  const q = query.trim();
  const mine = ++asked;
  if (!q) {
    search.value = IDLE;
    return;
  }
  search.value = { ...search.value, query: q, status: 'loading', error: null };
  try {
    const page = await rpc('search', { query: q });
    if (mine === asked) search.value = { query: q, results: page.results, next: page.next, status: 'done', error: null };
  } catch (e) {
    if (mine === asked) search.value = { query: q, results: [], next: null, status: 'error', error: e instanceof Error ? e.message : 'Search failed' };
  }
}

/** The next (older) page of the current search. */
export async function loadMoreResults(): Promise<void> {
  const s = search.value;
  if (s.next === null || s.status === 'loading') return;
  const mine = asked;
  search.value = { ...s, status: 'loading' };
  try {
    const page = await rpc('search', { query: s.query, before: s.next });
    if (mine === asked) search.value = { ...s, results: [...s.results, ...page.results], next: page.next, status: 'done' };
  } catch (e) {
    if (mine === asked) search.value = { ...s, status: 'error', error: e instanceof Error ? e.message : 'Search failed' };
  }
}

/** Opens a result's conversation at it (and its thread, for a reply). */
export function openResult(r: SearchResult): void {
  closeDialog();
  void jumpToMessage(r.conversationId, r.message);
}

export function clearSearch(): void {
  asked++;
  search.value = IDLE;
}
