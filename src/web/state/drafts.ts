// What you were writing, per conversation and per thread. Kept on the server too (`draft:set`, a second after you
// stop typing), so a draft started on one device is there on another (the snapshot's `drafts`, and `draft` events).
// The local copy is cleared on sign-out, so the next person to sign in on this browser never sees it.
import { signal } from '@preact/signals';
import type { Draft } from '../../shared/protocol.js';
import { isConnected, rpc } from './client.js';

const drafts = signal<ReadonlyMap<string, string>>(new Map());
/** What this tab last sent for each key: its own echo is not news. */
const synced = new Map<string, string>();
/** Keys typed in since they were last sent (sent when the timer fires). */
const timers = new Map<string, ReturnType<typeof setTimeout>>();
const SYNC_AFTER_MS = 1000;

export const draftKey = (conversationId: number, threadId: number | null) => `${conversationId}:${threadId ?? ''}`;

export const draftFor = (key: string) => drafts.value.get(key) ?? '';

function setLocal(key: string, text: string): void {
  const next = new Map(drafts.value);
  if (text) next.set(key, text);
  else next.delete(key);
  drafts.value = next;
}

/** The composer's text changed; `now` sends it at once (a send clears the draft everywhere). */
export function setDraft(key: string, text: string, now = false): void {
  setLocal(key, text);
  clearTimeout(timers.get(key));
  if (now) void push(key);
  else timers.set(key, setTimeout(() => void push(key), SYNC_AFTER_MS));
}

async function push(key: string): Promise<void> {
  timers.delete(key);
  const body = draftFor(key);
  if (synced.get(key) === body && body !== '') return;
  const [conversationId, threadId] = key.split(':');
  if (!isConnected()) return; // sent again after the next snapshot (see loadDrafts)
  synced.set(key, body);
  await rpc('draft:set', { conversationId: Number(conversationId), ...(threadId && { threadId: Number(threadId) }), body }).catch(() => {
    synced.delete(key); // a conversation left meanwhile, or offline: the local copy stays
  });
}

/** A draft changed on another device. */
export function applyRemoteDraft(d: Draft): void {
  const key = draftKey(d.conversationId, d.threadId);
  if (timers.has(key) || synced.get(key) === d.body) return; // typing here wins; our own echo changes nothing
  synced.set(key, d.body);
  setLocal(key, d.body);
}

/** After (re)connecting: the server's drafts, except where this tab has typed since; what it typed offline is sent. */
export function loadDrafts(list: readonly Draft[]): void {
  const next = new Map(drafts.value);
  // A draft this tab had from the server, untouched here, that the server no longer has was sent or cleared elsewhere.
  const kept = new Set(list.map((d) => draftKey(d.conversationId, d.threadId)));
  for (const [key, body] of next) {
    if (!kept.has(key) && !timers.has(key) && synced.get(key) === body) {
      next.delete(key);
      synced.delete(key);
    }
  }
  for (const d of list) {
    const key = draftKey(d.conversationId, d.threadId);
    if (timers.has(key) || (next.has(key) && synced.get(key) !== next.get(key))) continue;
    synced.set(key, d.body);
    if (d.body) next.set(key, d.body);
  }
  drafts.value = next;
  for (const [key, body] of next) if (synced.get(key) !== body) void push(key);
}

export function clearDrafts(): void {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
  synced.clear();
  drafts.value = new Map();
}
