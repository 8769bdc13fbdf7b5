// A search result's body as shown: a window of text around the first match, the matches marked. Plain text (a
// result is a line in a list, not a formatted message), cut at word boundaries where it can be.
import type { Highlight } from '../../shared/protocol.js';

export type SnippetPiece = { text: string; match: boolean };

const BEFORE = 40;
const LENGTH = 200;

export function snippet(body: string, highlights: readonly Highlight[]): SnippetPiece[] {
  const flat = body.replace(/\s+/g, ' ');
  // Whitespace runs collapse to one space; map the offsets to the collapsed text.
  const offset = collapsedOffsets(body);
  const marks = highlights.map((h) => ({ start: offset[h.start]!, end: offset[h.end]! })).filter((h) => h.end > h.start);
  let from = marks.length ? Math.max(0, marks[0]!.start - BEFORE) : 0;
  if (from > 0) from = Math.max(from, flat.lastIndexOf(' ', from) + 1);
  let to = Math.min(flat.length, from + LENGTH);
  if (to < flat.length) to = Math.max(flat.lastIndexOf(' ', to), marks[0]?.end ?? 0, from + 1);
  const pieces: SnippetPiece[] = [];
  const push = (text: string, match: boolean) => text && pieces.push({ text, match });
  let at = from;
  for (const m of marks) {
    if (m.end <= at || m.start >= to) continue;
    push(flat.slice(at, Math.max(at, m.start)), false);
    push(flat.slice(Math.max(at, m.start), Math.min(to, m.end)), true);
    at = Math.min(to, m.end);
  }
  push(flat.slice(at, to), false);
  if (from > 0) pieces.unshift({ text: '…', match: false });
  if (to < flat.length) pieces.push({ text: '…', match: false });
  return pieces;
}

/** For each UTF-16 offset of `body` (and its end), the offset in `body` with whitespace runs collapsed. */
function collapsedOffsets(body: string): number[] {
  const map: number[] = [];
  let out = 0;
  for (let i = 0; i < body.length; i++) {
    map.push(out);
    const space = /\s/.test(body[i]!);
    if (!space || !/\s/.test(body[i - 1] ?? '')) out++;
  }
  map.push(out);
  return map;
}
