import { describe, expect, it } from 'vitest';
import { LIMITS } from '../protocol.js';
import { fixtureOptions, loadMarkupCases } from '../../../test/helpers/markup-fixture.js';
import { toHtml } from '../../../test/helpers/markup-html.js';
import type { CodeNode, MarkupNode } from './nodes.js';
import { renderMarkup } from './render.js';

const cases = loadMarkupCases();

function* walk(nodes: readonly MarkupNode[]): Generator<MarkupNode> {
  for (const n of nodes) {
    yield n;
    if ('children' in n && n.t !== 'pre') yield* walk(n.children as MarkupNode[]);
  }
}
const codeText = (n: CodeNode): string => (typeof n === 'string' ? n : n.children.map(codeText).join(''));
const size = (nodes: readonly MarkupNode[]) => [...walk(nodes)].length;

describe('the message renderer, driven by test/fixtures/markup.json', () => {
  it('has a few hundred cases with distinct names', () => {
    expect(cases.length).toBeGreaterThan(200);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  for (const c of cases) {
    it(c.name, () => {
      expect(toHtml(renderMarkup(c.body, fixtureOptions))).toBe(c.html);
    });
  }

  it('only ever links to http(s) URLs, and shows the real host of every labelled link', () => {
    for (const c of cases) {
      for (const n of walk(renderMarkup(c.body, fixtureOptions))) {
        if (n.t !== 'link') continue;
        const url = new URL(n.href);
        expect(['http:', 'https:'], c.name).toContain(url.protocol);
        if (n.host !== null) expect(n.host, c.name).toBe(url.host);
      }
    }
  });

  it('renders without :shortcodes: or highlighting before the web app has loaded them', () => {
    expect(toHtml(renderMarkup(':smile:'))).toBe('<p>:smile:</p>');
    expect(toHtml(renderMarkup('```js\nlet a\n```'))).toBe('<pre><code class="language-js">let a</code></pre>');
  });
});

describe('markdown bombs at the largest body allowed render whole, in bounded output', () => {
  const max = LIMITS.messageMax;
  const bombs: Record<string, string> = {
    'nested quotes': '>'.repeat(max),
    'nested quotes with spaces': '> '.repeat(max / 2),
    'nested list items': '- '.repeat(max / 2),
    'indented list items': Array.from({ length: 60 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n').slice(0, max),
    'one list item per line': '- x\n'.repeat(max / 4),
    'a long code line': '```\n' + 'x'.repeat(max - 8) + '\n```',
    'a long highlighted line': '```js\n' + 'a+'.repeat((max - 10) / 2) + '\n```',
    brackets: '['.repeat(max),
    'link openers': '[a]('.repeat(max / 4),
    asterisks: '*a'.repeat(max / 2),
    backticks: '`a'.repeat(max / 2),
    underscores: '_'.repeat(max),
    'mentions': '@abc '.repeat(max / 5),
    shortcodes: ':smile:'.repeat(Math.floor(max / 7)),
    'combining marks': 'e' + '\u0301'.repeat(max - 1),
  };
  for (const [name, body] of Object.entries(bombs)) {
    it(name, () => {
      expect(body.length).toBeLessThanOrEqual(max);
      const nodes = renderMarkup(body, fixtureOptions);
      expect(size(nodes)).toBeLessThan(max * 2);
      // Nothing typed is dropped: every letter of the body is still on screen (markup characters may go).
      const letters = (s: string) => s.replace(/[^a-z]/g, '').length;
      const shown = [...walk(nodes)]
        .map((n) => (n.t === 'text' || n.t === 'code' ? n.text : n.t === 'pre' ? n.children.map(codeText).join('') : n.t === 'mention' ? n.text : ''))
        .join('');
      if (name !== 'shortcodes') expect(letters(shown)).toBe(letters(body.replace(/^```\w+/, '')));
    });
  }
});
