import { describe, expect, it } from 'vitest';
import { snippet } from './snippet.js';

const shown = (body: string, highlights: { start: number; end: number }[]) =>
  snippet(body, highlights)
    .map((p) => (p.match ? `[${p.text}]` : p.text))
    .join('');

describe('snippet', () => {
  it('marks each match in the text', () => {
    expect(shown('the hostname.test.com is down', [{ start: 4, end: 9 }])).toBe('the [hostn]ame.test.com is down');
    expect(shown('café and cafe', [{ start: 0, end: 4 }, { start: 9, end: 13 }])).toBe('[café] and [cafe]');
  });

  it('collapses line breaks and runs of spaces, keeping the marks on the right letters', () => {
    expect(shown('one\n\n  two three', [{ start: 7, end: 10 }])).toBe('one [two] three');
  });

  it('shows a window around the first match of a long body, cut at spaces, with ellipses', () => {
    const body = `${'word '.repeat(40)}needle ${'more '.repeat(60)}`;
    const text = shown(body, [{ start: body.indexOf('needle'), end: body.indexOf('needle') + 6 }]);
    expect(text.startsWith('…word ')).toBe(true);
    expect(text).toContain('[needle]');
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThan(230);
  });

  it('shows the start of the body when nothing is highlighted (a filter-only search)', () => {
    expect(shown('just a message', [])).toBe('just a message');
  });
});
