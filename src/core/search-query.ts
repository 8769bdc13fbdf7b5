// The search query language (docs/API.md, "Search"): parsed here, once, so both stores are asked the same
// question, and highlighted here by the same folding that decided what matches.
import { LIMITS, type Highlight } from '../shared/protocol.js';
import type { MessageSearch, SearchTerm } from '../storage/storage.js';
import { FlackError } from './errors.js';

/** What a query asks of the store (src/storage/storage.ts: MessageSearch), before it is scoped and paged. */
export type SearchQuery = Omit<MessageSearch, 'userId' | 'beforeId' | 'limit'>;

/**
 * Case and accents do not count: each character is decomposed (NFD), lower-cased, stripped of its combining
 * marks and composed again (Hangul syllables decompose into letters, not marks), one by one, so that every
 * folded character comes from exactly one character of the original.
 */
function foldChar(char: string): string {
  return char.normalize('NFD').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

export const fold = (text: string): string => Array.from(text, foldChar).join('');

// Chinese, Japanese and Korean words are often two characters (東京, 会議): those are allowed, and compared
// exactly, since these scripts have no case or accents to fold.
const CJK_PAIR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]{2}$/u;

const OPERATORS = new Set(['from', 'in', 'before', 'after', 'during', 'has']);

export function parseSearchQuery(input: string): SearchQuery {
  const query: SearchQuery = { terms: [], from: [], inChannels: [], inDmWith: [], hasLink: false, hasFile: false, hasImage: false };
  const tokens = tokenize(input);
  if (tokens.length > LIMITS.searchTermsMax) {
    throw new FlackError('invalid', `A search has at most ${LIMITS.searchTermsMax} words, phrases and filters`);
  }
  let filters = 0;
  for (const token of tokens) {
    if (!token.quoted && !token.negated && applyOperator(query, token.text)) filters += 1;
    else query.terms.push(term(token.text, token.negated));
  }
  if (!filters && !query.terms.some((t) => !t.negated)) {
    throw new FlackError('query_too_short', `Search for a word of at least ${LIMITS.searchWordMin} characters, or use a filter such as from:@name`);
  }
  return query;
}

function term(text: string, negated: boolean): SearchTerm {
  const folded = fold(text);
  const length = Array.from(folded).length;
  if (length >= LIMITS.searchWordMin) return { text: folded, negated, indexed: true };
  if (CJK_PAIR.test(folded)) return { text: folded, negated, indexed: false };
  throw new FlackError('query_too_short', `Each word or phrase needs at least ${LIMITS.searchWordMin} characters: “${text}”`);
}

interface Token {
  text: string;
  quoted: boolean;
  negated: boolean;
}

/** Words split at whitespace; `"…"` a phrase (an unclosed quote runs to the end); a leading `-` excludes. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/u.test(input[i]!)) {
      i += 1;
      continue;
    }
    const negated = input[i] === '-';
    if (negated) i += 1;
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      const end = close === -1 ? input.length : close;
      const text = input.slice(i + 1, end).trim().replace(/\s+/gu, ' ');
      if (text) tokens.push({ text, quoted: true, negated });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < input.length && !/\s/u.test(input[end]!)) end += 1;
    if (end > i) tokens.push({ text: input.slice(i, end), quoted: false, negated });
    i = end;
  }
  return tokens;
}

/** Applies `name:value` if it is a known operator with a usable value; false: the token is a word. */
function applyOperator(query: SearchQuery, token: string): boolean {
  const colon = token.indexOf(':');
  const name = token.slice(0, colon).toLowerCase();
  const value = token.slice(colon + 1);
  if (colon < 1 || !value || !OPERATORS.has(name)) return false;
  switch (name) {
    case 'from':
      query.from.push(value.replace(/^@/, '').toLowerCase());
      return true;
    case 'in':
      if (value.startsWith('@')) query.inDmWith.push(value.slice(1).toLowerCase());
      else query.inChannels.push(value.replace(/^#/, '').normalize('NFKC').toLowerCase());
      return true;
    case 'has': {
      const what = value.toLowerCase();
      if (what === 'link') query.hasLink = true;
      else if (what === 'file') query.hasFile = true;
      else if (what === 'image') query.hasImage = true;
      else return false;
      return true;
    }
    default: {
      const [start, end] = dayRange(name, value);
      if (name !== 'before') query.after = Math.max(query.after ?? -Infinity, name === 'after' ? end : start);
      if (name !== 'after') query.before = Math.min(query.before ?? Infinity, name === 'before' ? start : end);
      return true;
    }
  }
}

/** [start, end) in ms of a UTC day `YYYY-MM-DD`, or (for during:) of a month `YYYY-MM`. */
function dayRange(name: string, value: string): [number, number] {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), match[3] && Number(match[3])] : [0, 0, 0];
  const start = Date.UTC(year, month - 1, day || 1);
  const valid = match && (day || name === 'during') && new Date(start).getUTCMonth() === month - 1 && new Date(start).getUTCDate() === (day || 1);
  if (!valid) throw new FlackError('invalid', `${name}: takes a date, YYYY-MM-DD${name === 'during' ? ' or YYYY-MM' : ''}`);
  const end = day ? start + 86_400_000 : Date.UTC(year, month, 1);
  return [start, end];
}

/** Where the query's words and phrases (not the excluded ones) occur in `body`, in order, merged where they overlap. */
export function highlight(body: string, query: SearchQuery): Highlight[] {
  const wanted = query.terms.filter((t) => !t.negated).map((t) => t.text);
  if (!wanted.length || !body) return [];
  // folded[k] came from the original character at starts[k] … ends[k].
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < body.length; ) {
    const char = String.fromCodePoint(body.codePointAt(i)!);
    const f = foldChar(char);
    // A combining mark folds to nothing: it belongs to the character before it.
    if (!f && ends.length) ends[ends.length - 1] = i + char.length;
    for (let k = 0; k < f.length; k++) {
      starts.push(i);
      ends.push(i + char.length);
    }
    folded += f;
    i += char.length;
  }
  const found: Highlight[] = [];
  for (const text of wanted) {
    for (let at = folded.indexOf(text); at !== -1; at = folded.indexOf(text, at + 1)) {
      found.push({ start: starts[at]!, end: ends[at + text.length - 1]! });
    }
  }
  found.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Highlight[] = [];
  for (const range of found) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
