import { describe, expect, it } from 'vitest';
import data from 'emojibase-data/en/compact.json';
import { canonicalEmoji, searchEmoji, toEntries } from './emoji.js';

const entries = toEntries(data);

describe('emoji data', () => {
  it('offers every emoji in the form the server accepts, skin tone components left out', () => {
    const oneEmoji = new RegExp('^\\p{RGI_Emoji}$', 'v');
    expect(entries.length).toBeGreaterThan(1800);
    expect(entries.filter((e) => !oneEmoji.test(e.emoji))).toEqual([]);
    expect(entries.some((e) => e.label.startsWith('medium skin tone'))).toBe(false);
  });

  it('drops a needless U+FE0F but keeps one that makes the emoji', () => {
    expect(canonicalEmoji('👍\uFE0F')).toBe('👍');
    expect(canonicalEmoji('❤\uFE0F')).toBe('❤\uFE0F');
  });

  it('finds emoji by the start of any word of their name or keywords', () => {
    const found = (q: string) => searchEmoji(entries, q).map((e) => e.emoji);
    expect(found('thumbs up')[0]).toBe('👍');
    expect(found('+1')).toContain('👍');
    expect(found('tada')).toContain('🎉');
    expect(found('rocket')[0]).toBe('🚀'); // by name before by keyword (🧑‍🚀)
    expect(found('RED HEA')).toContain('❤\uFE0F');
    expect(found('zzzzqx')).toEqual([]);
    expect(found('  ')).toHaveLength(entries.length);
  });
});
