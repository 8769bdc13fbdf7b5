// Going to one message (a search result, a permalink): its conversation opens at it, its timeline holding the window
// around it (detached from the newest end when it is old, see timeline.ts), and the list scrolls it into view. A
// reply opens at its thread's root, with the thread beside it.
import { signal } from '@preact/signals';
import type { Message } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { conversations } from './directory.js';
import { openConversation, openThreadPanel } from './navigation.js';
import { loadedThread, timelineFor } from './timeline.js';
import { showNotice, type Surface } from './ui.js';

export type MessageAt = Pick<Message, 'id' | 'seq' | 'threadId'>;

/** What a list should scroll to once it holds it: in the conversation (or thread) of the timeline it shows. */
export interface JumpTarget {
  conversationId: number;
  threadId: number | null;
  seq: number;
}
export const jumpTargets = signal<Readonly<Record<Surface, JumpTarget | null>>>({ main: null, thread: null });
/** The message jumped to, marked for a few seconds. */
export const highlighted = signal<number | null>(null);

const HIGHLIGHT_MS = 3000;
let highlightTimer: ReturnType<typeof setTimeout> | undefined;
let jumps = 0;

const aim = (surface: Surface, target: JumpTarget | null) => (jumpTargets.value = { ...jumpTargets.value, [surface]: target });
/** The list has scrolled to its target. */
export const reached = (surface: Surface) => aim(surface, null);

export const notAvailable = () => showNotice('That message is not available.');

export async function jumpToMessage(conversationId: number, m: MessageAt): Promise<void> {
  if (!conversations.value.get(conversationId)?.isMember) return notAvailable();
  const mine = ++jumps;
  openConversation(conversationId, true);
  const timeline = timelineFor(conversationId);
  try {
    let seq = m.seq;
    if (m.threadId !== null) {
      openThreadPanel(conversationId, m.threadId);
      aim('thread', { conversationId, threadId: m.threadId, seq: m.seq });
      // A reply's seq is its place in the thread; the conversation opens at the root.
      const root = loadedThread(m.threadId)?.root.value ?? (await rpc('thread:history', { messageId: m.threadId, limit: 1 })).root;
      seq = root.seq;
    }
    if (!timeline.holds(seq)) await timeline.loadAround(seq);
    if (mine !== jumps) return;
    const held = timeline.messages.value.find((x) => x.seq === seq);
    if (held?.id !== (m.threadId ?? m.id)) return notAvailable();
    aim('main', { conversationId, threadId: null, seq });
    clearTimeout(highlightTimer);
    highlighted.value = m.id;
    highlightTimer = setTimeout(() => (highlighted.value = null), HIGHLIGHT_MS);
  } catch {
    if (mine === jumps) notAvailable();
  }
}
