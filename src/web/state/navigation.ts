// What is on screen: a conversation or the Threads view, and maybe a thread's panel beside it. The server
// remembers the conversation (`focus`) so another device opens the same one.
import { signal } from '@preact/signals';
import { tell } from './client.js';
import { conversations, isHidden, patchConversation, sidebarOrder } from './directory.js';
import { threadFor, timelineFor } from './timeline.js';

export const currentId = signal<number | null>(null);
/** The Threads view replaces the conversation (which stays current, to come back to). */
export const threadsView = signal(false);
/** The thread open in the side panel, or null. */
export const openThread = signal<{ conversationId: number; rootId: number } | null>(null);

/** `keepWindow`: a jump places its own window; otherwise a conversation opens at its newest messages. */
export function openConversation(id: number | null, keepWindow = false): void {
  drawerOpen.value = false;
  threadsView.value = false;
  if (id === currentId.value) return;
  openThread.value = null;
  currentId.value = id;
  if (id !== null) {
    const timeline = timelineFor(id);
    if (!keepWindow) void timeline.showNewest();
  }
  tell('focus', { conversationId: id });
}

export function openThreadsView(): void {
  drawerOpen.value = false;
  if (threadsView.value) return;
  threadsView.value = true;
  openThread.value = null;
}

export function openThreadPanel(conversationId: number, rootId: number): void {
  // Replies are changes of their conversation: its timeline's cursor is what notices one went missing.
  timelineFor(conversationId);
  threadFor(conversationId, rootId);
  openThread.value = { conversationId, rootId };
}

export const closeThreadPanel = () => (openThread.value = null);

/** Where to go when there is no (longer a) current conversation: #general if joined, else the first one. */
export function fallbackConversation(): number | null {
  const order = sidebarOrder.value;
  const general = order.find((id) => conversations.value.get(id)?.name === 'general');
  return general ?? order[0] ?? null;
}

export function land(preferred: number | null): void {
  const c = preferred === null ? undefined : conversations.value.get(preferred);
  openConversation(c?.isMember && !isHidden(c) ? c.id : fallbackConversation());
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
