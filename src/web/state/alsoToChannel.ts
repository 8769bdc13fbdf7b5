// "Also send to #channel" under a thread's composer (as in Slack): ticked per thread, and unticked again by the
// reply it went with, so the next reply stays in the thread unless asked. The copy it posts names its thread
// (`fromThread`), whose root the copy's line quotes when this client holds it.
import { signal } from '@preact/signals';
import type { ConversationView, Message } from '../../shared/protocol.js';
import { conversationTitle } from './directory.js';
import { rightsIn } from './rights.js';
import { loadedThread, loadedTimeline } from './timeline.js';

/** The draft keys (drafts.ts) of the threads whose box is ticked. */
const ticked = signal<ReadonlySet<string>>(new Set());

export const alsoToChannel = (key: string) => ticked.value.has(key);

export function setAlsoToChannel(key: string, on: boolean): void {
  if (ticked.peek().has(key) === on) return;
  const next = new Set(ticked.peek());
  if (on) next.add(key);
  else next.delete(key);
  ticked.value = next;
}

/** Whether the reply being sent goes to the conversation too; sending it unticks the box. */
export function takeAlsoToChannel(key: string, c: ConversationView | undefined): boolean {
  const on = ticked.peek().has(key);
  setAlsoToChannel(key, false);
  return on && !!c && mayAlsoSend(c);
}

/** The copy is a top-level message: offered to whoever may post one there (in an announcement channel, admins). */
export const mayAlsoSend = (c: ConversationView) => rightsIn(c).post;

/** "#general", or "the conversation" for a DM. */
export const alsoWhere = (c: ConversationView) => (c.kind === 'dm' ? 'the conversation' : `#${conversationTitle(c)}`);

/** A copy's thread root, if this client holds it (reading it re-renders when it arrives or changes). */
export function heldRoot(conversationId: number, rootId: number): Message | undefined {
  return loadedThread(rootId)?.root.value ?? loadedTimeline(conversationId)?.messages.value.find((m) => m.id === rootId);
}

/** Signed out: the next person here starts with every box unticked. */
export const clearAlsoToChannel = () => (ticked.value = new Set());
