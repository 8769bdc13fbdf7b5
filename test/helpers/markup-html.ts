// The DOM that <Markup> (src/web/components/Markup.tsx) draws for a tree of nodes, written as canonical HTML
// (attributes sorted, text escaped), so the fixture's expectations read as markup and the browser test can
// compare the real DOM, serialised the same way (see `canonicalDom`).
import type { CodeNode, MarkupNode } from '../../src/shared/markup/nodes.js';

const EVERYONE = new Set(['here', 'channel', 'everyone']);

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function tag(name: string, attrs: Record<string, string | undefined>, inner: string): string {
  const list = Object.entries(attrs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('');
  return `<${name}${list}>${inner}</${name}>`;
}

export function toHtml(nodes: readonly MarkupNode[]): string {
  return nodes.map(node).join('');
}

function node(n: MarkupNode): string {
  switch (n.t) {
    case 'text':
      return escapeHtml(n.text);
    case 'br':
      return '\n';
    case 'ol':
      return tag('ol', { start: n.start === 1 ? undefined : String(n.start) }, toHtml(n.children));
    case 'code':
      return tag('code', {}, escapeHtml(n.text));
    case 'pre':
      return tag('pre', {}, tag('code', { class: n.lang ? `language-${n.lang}` : undefined }, n.children.map(code).join('')));
    case 'link':
      return tag(
        'a',
        { href: n.href, rel: 'noopener noreferrer nofollow', target: '_blank' },
        tag('bdi', {}, toHtml(n.children)) + (n.host === null ? '' : tag('span', { class: 'link-host', dir: 'ltr' }, escapeHtml(n.host))),
      );
    case 'mention':
      return tag('span', { class: EVERYONE.has(n.name) ? 'mention everyone' : 'mention', 'data-mention': n.name }, escapeHtml(n.text));
    case 'channel':
      return tag('button', { class: 'channel-ref', type: 'button' }, escapeHtml(`#${n.name}`));
    case 'emoji':
      return tag('span', { class: 'emoji', title: n.shortcode }, escapeHtml(n.emoji));
    default:
      return tag(n.t, {}, toHtml(n.children));
  }
}

const code = (n: CodeNode): string => (typeof n === 'string' ? escapeHtml(n) : tag('span', { class: n.cls }, n.children.map(code).join('')));

/**
 * Source to evaluate in the page (a string: the test runner's transform would otherwise add helpers the page does
 * not have): the same canonical HTML of `el`'s children, from the real DOM.
 */
export const canonicalDomSource = (selector: string) => `(() => {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const walk = (el) => {
    let out = '';
    for (const child of el.childNodes) {
      if (child.nodeType === 3) out += esc(child.textContent);
      else if (child.nodeType === 1) {
        const name = child.tagName.toLowerCase();
        const attrs = child.getAttributeNames().sort().map((a) => ' ' + a + '="' + esc(child.getAttribute(a)) + '"').join('');
        out += '<' + name + attrs + '>' + walk(child) + '</' + name + '>';
      }
    }
    return out;
  };
  return [...document.querySelectorAll(${JSON.stringify(selector)})].map(walk);
})()`;
