// Who is typing where. A `typing` event means "still typing" for TYPING_TTL_MS; senders repeat it every ~2 s.
import { signal } from '@preact/signals';
import { tell } from './client.js';
import { currentId } from './navigation.js';
import { announce } from './ui.js';

const TYPING_TTL_MS = 5000;
const SEND_EVERY_MS = 2000;

interface Typist {
  userId: number;
  username: string;
  until: number;
}

export const typists = signal<ReadonlyMap<number, readonly Typist[]>>(new Map());
let sweepTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The typing line is shown, not live: as an aria-live region it re-read itself every time someone's 2-second
 * "still typing" came in or a second person joined, drowning the messages themselves. A screen reader hears it once,
 * through the polite announcer, when someone starts typing in the open conversation where nobody was.
 */
export function someoneTyping(conversationId: number, userId: number, username: string): void {
  const before = typists.value.get(conversationId) ?? [];
  if (before.length === 0 && conversationId === currentId.value) announce(`${username} is typing`);
  const list = before.filter((t) => t.userId !== userId);
  set(conversationId, [...list, { userId, username, until: Date.now() + TYPING_TTL_MS }]);
  scheduleSweep();
}

/** Their message arrived, so they are done typing it. */
export function stoppedTyping(conversationId: number, userId: number): void {
  const list = typists.value.get(conversationId);
  if (list?.some((t) => t.userId === userId)) set(conversationId, list.filter((t) => t.userId !== userId));
}

export function clearTyping(): void {
  typists.value = new Map();
}

function set(conversationId: number, list: readonly Typist[]): void {
  const next = new Map(typists.value);
  if (list.length) next.set(conversationId, list);
  else next.delete(conversationId);
  typists.value = next;
}

function scheduleSweep(): void {
  clearTimeout(sweepTimer);
  const all = [...typists.value.values()].flat();
  if (!all.length) return;
  const soonest = Math.min(...all.map((t) => t.until));
  sweepTimer = setTimeout(
    () => {
      const now = Date.now();
      const next = new Map<number, readonly Typist[]>();
      for (const [id, list] of typists.value) {
        const live = list.filter((t) => t.until > now);
        if (live.length) next.set(id, live);
      }
      typists.value = next;
      scheduleSweep();
    },
    Math.max(50, soonest - Date.now()),
  );
}

/** "alice is typing…", "alice and bob are typing…", "several people are typing…", or ''. */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'several people are typing…';
}

let lastSent = { conversationId: 0, at: 0 };

/** Call on every keystroke; tells the server at most every SEND_EVERY_MS per conversation. */
export function imTyping(conversationId: number): void {
  const now = Date.now();
  if (lastSent.conversationId === conversationId && now - lastSent.at < SEND_EVERY_MS) return;
  lastSent = { conversationId, at: now };
  tell('typing', { conversationId });
}

/** After sending, the next keystroke should announce typing again at once. */
export function resetTypingThrottle(): void {
  lastSent = { conversationId: 0, at: 0 };
}
