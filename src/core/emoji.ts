// What counts as one emoji for a reaction: a single RGI emoji (Unicode's recommended set, which includes skin
// tones, flags and ZWJ sequences such as families), nothing else. Text, several emoji, or invisible characters
// are refused, so a reaction can neither smuggle text nor disguise itself as another one.
import { LIMITS } from '../shared/protocol.js';
import { FlackError } from './errors.js';

// (The constructor, not a literal: the `v` flag is newer than the type-checker's target.)
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

export function checkEmoji(emoji: string): string {
  if (emoji.length <= LIMITS.emojiMax) {
    if (ONE_EMOJI.test(emoji)) return emoji;
    // Some keyboards send the text-style form (❤ without U+FE0F): store the emoji form, so both count as one.
    if (ONE_EMOJI.test(`${emoji}\uFE0F`)) return `${emoji}\uFE0F`;
  }
  throw new FlackError('emoji_invalid', 'A reaction is one emoji');
}
