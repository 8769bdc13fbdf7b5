// Flack's own inline syntax on top of markdown: @mentions, #channel references and :shortcode: emoji. The
// mention rule is the server's (src/core/mentions.ts), so a chip is drawn exactly where someone is notified.
import type { StateInline } from 'markdown-it';
import { CHANNEL_NAME_PATTERN } from '../protocol.js';
import type { MarkupNode, MarkupOptions } from './nodes.js';

/** Flack's own tokens carry the finished node. */
export const NODE_TOKEN = 'flack_node';
const push = (state: StateInline, node: MarkupNode) => {
  state.push(NODE_TOKEN, '', 0).meta = node;
};

const MENTION = /@([A-Za-z0-9_.-]+)/y;
const NOT_BEFORE_MENTION = /[\w.@-]/;
const SPECIAL = new Set(['here', 'channel', 'everyone']);

export function mention(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
  if (state.pos > 0 && NOT_BEFORE_MENTION.test(state.src[state.pos - 1]!)) return false;
  MENTION.lastIndex = state.pos;
  const match = MENTION.exec(state.src);
  if (!match || match.index + match[0].length > state.posMax) return false;
  const name = match[1]!.replace(/\.+$/, '');
  const lower = name.toLowerCase();
  if (!SPECIAL.has(lower) && (name.length < 3 || name.length > 32 || match[1]!.length > 32)) return false;
  if (!silent) {
    push(state, { t: 'mention', name: lower, text: `@${name}` });
  }
  state.pos += 1 + name.length;
  return true;
}

// A channel name (the protocol's rule) with at least one letter, so "#1" and "#42" stay issue numbers.
const CHANNEL = /#([\p{L}\p{N}_-]{1,80})/uy;
const NOT_BEFORE_CHANNEL = /[\p{L}\p{N}_&#/]/u;

export function channel(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x23 /* # */) return false;
  if (state.pos > 0 && NOT_BEFORE_CHANNEL.test(state.src[state.pos - 1]!)) return false;
  CHANNEL.lastIndex = state.pos;
  const match = CHANNEL.exec(state.src);
  if (!match || match.index + match[0].length > state.posMax) return false;
  const name = match[1]!;
  if (!/\p{L}/u.test(name) || !CHANNEL_NAME_PATTERN.test(name)) return false;
  if (!silent) push(state, { t: 'channel', name });
  state.pos += match[0].length;
  return true;
}

const SHORTCODE = /:([a-z0-9_+-]{1,50}):/y;

export function shortcode(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x3a /* : */) return false;
  const lookup = (state.env as MarkupOptions).shortcode;
  if (!lookup) return false;
  SHORTCODE.lastIndex = state.pos;
  const match = SHORTCODE.exec(state.src);
  if (!match || match.index + match[0].length > state.posMax) return false;
  const emoji = lookup(match[1]!);
  if (!emoji) return false;
  if (!silent) push(state, { t: 'emoji', emoji, shortcode: match[0] });
  state.pos += match[0].length;
  return true;
}
