// A message body as formatted nodes: a chat-sized markdown (emphasis, strike, code, fenced blocks, quotes, lists,
// links), plus mentions, #channels and :shortcodes:. No HTML, images, headings, tables or indented code: in chat
// those are more often accidents than intent. Shared by the web app and the tests (test/fixtures/markup.json).
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { channel, mention, NODE_TOKEN, shortcode } from './inline-rules.js';
import { displayUrl, safeHref } from './links.js';
import type { MarkupNode, MarkupOptions } from './nodes.js';
import { tameMarks } from './text.js';

const md = new MarkdownIt('zero', { breaks: true, linkify: true, maxNesting: 100 });
md.enable(['fence', 'blockquote', 'list', 'newline', 'escape', 'backticks', 'strikethrough', 'emphasis', 'link', 'autolink', 'linkify']);
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
md.validateLink = (url) => safeHref(url) !== null;
md.inline.ruler.push('mention', mention);
md.inline.ruler.push('channel_ref', channel);
md.inline.ruler.push('emoji', shortcode);

/**
 * Quotes and lists nested deeper than this are drawn as one paragraph of inline formatting: markdown-it stops
 * (and drops the rest) at its nesting limit, and a body of 4,000 "> " must not lose text or recurse 4,000 deep.
 */
const MAX_DEPTH = 12;

export function renderMarkup(body: string, options: MarkupOptions = {}): MarkupNode[] {
  const env = { ...options };
  if (nestingDepth(body) > MAX_DEPTH) {
    const inline = md.parseInline(body, env)[0]?.children ?? [];
    return inline.length ? [{ t: 'p', children: new Converter(options).inline(inline) }] : [];
  }
  return new Converter(options).blocks(md.parse(body, env));
}

/** The deepest quote/list nesting any line of `body` could open (an estimate from its leading markers). */
export function nestingDepth(body: string): number {
  let deepest = 0;
  for (const line of body.split('\n')) {
    let depth = 0;
    let i = 0;
    for (;;) {
      const start = i;
      while (line[i] === ' ' || line[i] === '\t') i++;
      depth += Math.floor((i - start) / 2);
      const rest = line.slice(i, i + 12);
      const marker = /^(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s))/.exec(rest);
      if (!marker) break;
      depth++;
      i += marker[0].length;
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

type Container = Extract<MarkupNode, { children: MarkupNode[] }>;

class Converter {
  constructor(private readonly options: MarkupOptions) {}

  /** Block tokens (a flat list with _open/_close pairs) into a tree. */
  blocks(tokens: Token[]): MarkupNode[] {
    const root: MarkupNode[] = [];
    const stack: MarkupNode[][] = [root];
    const top = () => stack[stack.length - 1]!;
    for (const token of tokens) {
      if (token.hidden && (token.type === 'paragraph_open' || token.type === 'paragraph_close')) continue;
      if (token.nesting === 1) {
        const node = this.open(token);
        top().push(node);
        stack.push(node.children);
      } else if (token.nesting === -1) {
        stack.pop();
      } else if (token.type === 'inline') {
        top().push(...this.inline(token.children ?? []));
      } else if (token.type === 'fence') {
        top().push(...this.fence(token));
      }
    }
    return root;
  }

  private open(token: Token): Container {
    switch (token.type) {
      case 'blockquote_open':
        return { t: 'blockquote', children: [] };
      case 'bullet_list_open':
        return { t: 'ul', children: [] };
      case 'ordered_list_open':
        return { t: 'ol', start: Number(token.attrGet('start') ?? 1), children: [] };
      case 'list_item_open':
        return { t: 'li', children: [] };
      default:
        return { t: 'p', children: [] };
    }
  }

  /** A fenced block; anything after the fence but a language name ("js", "c++") is text, shown before the block. */
  private fence(token: Token): MarkupNode[] {
    const info = token.info.trim();
    const lang = /^[\w+#.-]{1,32}$/.test(info) ? info : null;
    const code = token.content.replace(/\n$/, '');
    const highlighted = lang ? this.options.highlight?.(lang.toLowerCase(), code) : null;
    const block: MarkupNode = { t: 'pre', lang, children: highlighted ?? [code] };
    return info && !lang ? [{ t: 'p', children: this.inline(md.parseInline(info, { ...this.options })[0]?.children ?? []) }, block] : [block];
  }

  /** Inline tokens (again flat, with _open/_close) into a tree. */
  inline(tokens: Token[]): MarkupNode[] {
    const root: MarkupNode[] = [];
    const stack: MarkupNode[][] = [root];
    const top = () => stack[stack.length - 1]!;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      switch (token.type) {
        case 'text':
          if (token.content) appendText(top(), token.content);
          break;
        case 'softbreak':
        case 'hardbreak':
          top().push({ t: 'br' });
          break;
        case 'code_inline':
          top().push({ t: 'code', text: tameMarks(token.content) });
          break;
        case 'strong_open':
        case 'em_open':
        case 's_open': {
          const node: Container = { t: token.type === 'strong_open' ? 'strong' : token.type === 'em_open' ? 'em' : 'del', children: [] };
          top().push(node);
          stack.push(node.children);
          break;
        }
        case 'link_open': {
          const close = findClose(tokens, i);
          top().push(this.link(token, tokens.slice(i + 1, close)));
          i = close;
          break;
        }
        case 'strong_close':
        case 'em_close':
        case 's_close':
          stack.pop();
          break;
        case NODE_TOKEN:
          top().push(token.meta as MarkupNode);
          break;
      }
    }
    return root;
  }

  private link(open: Token, inner: Token[]): MarkupNode {
    const url = safeHref(String(open.attrGet('href') ?? ''))!;
    const bare = open.markup === 'linkify' || open.markup === 'autolink';
    if (bare) {
      const typed = inner.map((t) => t.content).join('');
      return { t: 'link', href: url.href, host: null, children: [{ t: 'text', text: displayUrl(typed, url) }] };
    }
    // Links inside a label are not links (markdown-it allows autolinks there); keep their text.
    // A #channel there would be a button inside a link: it stays text.
    const label = this.inline(inner.filter((t) => t.type !== 'link_open' && t.type !== 'link_close'));
    return { t: 'link', href: url.href, host: url.host, children: label.map((n) => (n.t === 'channel' ? { t: 'text', text: `#${n.name}` } : n)) };
  }
}

function findClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.type === 'link_open') depth++;
    else if (tokens[i]!.type === 'link_close' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

function appendText(into: MarkupNode[], text: string): void {
  const last = into[into.length - 1];
  const shown = tameMarks(text);
  if (last?.t === 'text') last.text += shown;
  else into.push({ t: 'text', text: shown });
}
