// The emoji you reacted with lately, newest first, for the picker's "Recently used" row. Kept per user in
// localStorage (a preference, not a secret: it stays after signing out).
import type { Message } from '../../shared/protocol.js';
import { me } from './session.js';

const KEEP = 16;
const key = () => (me.value ? `flack.recentEmoji.${me.value.id}` : null);

export function recentEmoji(): string[] {
  const k = key();
  try {
    const saved: unknown = k ? JSON.parse(localStorage.getItem(k) ?? '[]') : [];
    return Array.isArray(saved) ? saved.filter((e): e is string => typeof e === 'string').slice(0, KEEP) : [];
  } catch {
    return [];
  }
}

export function rememberEmoji(emoji: string): void {
  const k = key();
  if (!k) return;
  try {
    localStorage.setItem(k, JSON.stringify([emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, KEEP)));
  } catch {
    // Storage full or disabled: the row just stays as it was.
  }
}

/** Did you react to this message with this emoji? */
export const reactedWith = (m: Message, emoji: string) =>
  !!me.value && !!m.reactions.find((r) => r.emoji === emoji)?.userIds.includes(me.value.id);
