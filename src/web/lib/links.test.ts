import { describe, expect, it } from 'vitest';
import { linkify } from './links.js';

describe('linkify', () => {
  it('turns http and https URLs into links and leaves the rest as text', () => {
    expect(linkify('see https://example.com/a?b=1, then http://x.org.')).toEqual([
      'see ',
      { href: 'https://example.com/a?b=1', text: 'https://example.com/a?b=1' },
      ', then ',
      { href: 'http://x.org/', text: 'http://x.org' },
      '.',
    ]);
  });

  it('never makes a link out of javascript:, data: or markdown syntax', () => {
    for (const text of ['[x](javascript:window.__xss=1)', 'javascript:alert(1)', 'data:text/html,<b>x</b>', '<a href="javascript:1">']) {
      expect(linkify(text)).toEqual([text]);
    }
  });
});
