// The emoji picker's data, from emojibase-data (Unicode's list with names and keywords). About 0.5 MB of JSON, so it
// is imported on first use and never in the main bundle.
import type { CompactEmoji } from 'emojibase';

export interface EmojiEntry {
  emoji: string;
  /** "thumbs up" */
  label: string;
  /** Keywords, e.g. "+1", "like". */
  tags: readonly string[];
  group: number;
}

/** emojibase's group numbers, in display order; 2 (skin tone and hair components) is not offered. */
export const GROUPS: readonly { group: number; name: string }[] = [
  { group: 0, name: 'Smileys & emotion' },
  { group: 1, name: 'People & body' },
  { group: 3, name: 'Animals & nature' },
  { group: 4, name: 'Food & drink' },
  { group: 5, name: 'Travel & places' },
  { group: 6, name: 'Activities' },
  { group: 7, name: 'Objects' },
  { group: 8, name: 'Symbols' },
  { group: 9, name: 'Flags' },
];

// (The constructor, not a literal: the `v` flag is newer than the type-checker's target.)
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/**
 * The form the server accepts (one RGI emoji, see src/core/emoji.ts): emojibase writes U+FE0F after some emoji that
 * are emoji-style already ("👍\uFE0F"), which is not an RGI sequence.
 */
export function canonicalEmoji(emoji: string): string {
  if (ONE_EMOJI.test(emoji)) return emoji;
  const bare = emoji.replaceAll('\uFE0F', '');
  return ONE_EMOJI.test(bare) ? bare : emoji;
}

export function toEntries(data: readonly CompactEmoji[]): EmojiEntry[] {
  return data
    .filter((e) => e.group !== undefined && e.group !== 2)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((e) => ({ emoji: canonicalEmoji(e.unicode), label: e.label, tags: e.tags ?? [], group: e.group! }));
}

let loading: Promise<EmojiEntry[]> | null = null;

export function loadEmoji(): Promise<EmojiEntry[]> {
  loading ??= import('emojibase-data/en/compact.json').then((m) => toEntries(m.default));
  // A failed download may succeed on the next open.
  loading.catch(() => (loading = null));
  return loading;
}

/**
 * Every word of the query starts a word of the name or a keyword: "thu up" finds 👍, "+1" too. Matches by name come
 * before matches by keyword only ("rocket" is 🚀 before 🧑‍🚀), each in Unicode's order.
 */
export function searchEmoji(entries: readonly EmojiEntry[], query: string): EmojiEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...entries];
  const byName: EmojiEntry[] = [];
  const byTag: EmojiEntry[] = [];
  for (const e of entries) {
    const name = e.label.toLowerCase().split(/[\s:,-]+/);
    const tags = e.tags.map((t) => t.toLowerCase());
    if (words.every((w) => name.some((n) => n.startsWith(w)))) byName.push(e);
    else if (words.every((w) => name.some((n) => n.startsWith(w)) || tags.some((t) => t.startsWith(w)))) byTag.push(e);
  }
  return [...byName, ...byTag];
}
