// Which conversation is on screen. The server remembers it (`focus`) so another device opens the same one.
import { signal } from '@preact/signals';
import { tell } from './client.js';
import { conversations, patchConversation, sidebarOrder } from './directory.js';
import { timelineFor } from './timeline.js';

export const currentId = signal<number | null>(null);

export function openConversation(id: number | null): void {
  drawerOpen.value = false;
  if (id === currentId.value) return;
  currentId.value = id;
  if (id !== null) timelineFor(id);
  tell('focus', { conversationId: id });
}

/** Where to go when there is no (longer a) current conversation: #general if joined, else the first one. */
export function fallbackConversation(): number | null {
  const order = sidebarOrder.value;
  const general = order.find((id) => conversations.value.get(id)?.name === 'general');
  return general ?? order[0] ?? null;
}

export function land(preferred: number | null): void {
  const c = preferred === null ? undefined : conversations.value.get(preferred);
  openConversation(c?.isMember ? c.id : fallbackConversation());
}

/** Alt+↑ / Alt+↓: previous or next conversation in sidebar order. */
export function step(delta: 1 | -1): void {
  const order = sidebarOrder.value;
  if (!order.length) return;
  const i = currentId.value === null ? -1 : order.indexOf(currentId.value);
  const next = order[(i + delta + order.length) % order.length];
  if (next !== undefined) openConversation(next);
}

export function markRead(conversationId: number, seq: number): void {
  const c = conversations.value.get(conversationId);
  if (!c?.isMember || seq <= c.lastReadSeq) return;
  patchConversation(conversationId, { lastReadSeq: seq });
  tell('read', { conversationId, seq });
}

/** Phone layout: the sidebar is a drawer. */
export const drawerOpen = signal(false);
