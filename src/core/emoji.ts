// What counts as one emoji for a reaction: a single RGI emoji (Unicode's recommended set, which includes skin
// tones, flags and ZWJ sequences such as families), nothing else. Text, several emoji, or invisible characters
// are refused, so a reaction can neither smuggle text nor disguise itself as another one.
import { LIMITS } from '../shared/protocol.js';
import { FlackError } from './errors.js';

// (The constructor, not a literal: the `v` flag is newer than the type-checker's target.)
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/**
 * The emoji in its one standard (fully-qualified) form, so the same emoji typed on different keyboards is one
 * reaction: an extra U+FE0F (👍 + FE0F, as some emoji data writes it) is dropped, a missing one (❤ text style) added.
 */
export function checkEmoji(emoji: string): string {
  if (emoji.length <= LIMITS.emojiMax) {
    const bare = emoji.replaceAll('\uFE0F', '');
    for (const candidate of [emoji, bare, `${bare}\uFE0F`]) if (ONE_EMOJI.test(candidate)) return candidate;
  }
  throw new FlackError('emoji_invalid', 'A reaction is one emoji');
}
