// What you were writing, per conversation and per thread, while the page is open. Cleared on sign-out, so the next
// person to sign in on this browser never sees it.
import { signal } from '@preact/signals';

const drafts = signal<ReadonlyMap<string, string>>(new Map());

export const draftKey = (conversationId: number, threadId: number | null) => `${conversationId}:${threadId ?? ''}`;

export const draftFor = (key: string) => drafts.value.get(key) ?? '';

export function setDraft(key: string, text: string): void {
  const next = new Map(drafts.value);
  if (text) next.set(key, text);
  else next.delete(key);
  drafts.value = next;
}

export const clearDrafts = () => (drafts.value = new Map());
