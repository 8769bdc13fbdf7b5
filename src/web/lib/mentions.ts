// "@name" mentions of one user: case-insensitive, and only as a whole word, so "@ann" is not found in "@anna",
// "@ann.lee" or "mail@ann.org". A username may contain "." and "-", but a trailing "." ends the sentence.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

const patterns = new Map<string, RegExp>();
function patternFor(username: string): RegExp {
  let p = patterns.get(username);
  if (!p) {
    p = new RegExp(`(?<![\\w.@-])@${escape(username)}(?![\\w-]|\\.[\\w-])`, 'gi');
    patterns.set(username, p);
  }
  p.lastIndex = 0;
  return p;
}

export const mentions = (text: string, username: string) => patternFor(username).test(text);

export type MentionPiece = string | { mention: string };

/** The text cut around every mention of `username`, for rendering the mentions as highlighted text. */
export function splitMentions(text: string, username: string): MentionPiece[] {
  const out: MentionPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(patternFor(username))) {
    if (match.index > last) out.push(text.slice(last, match.index));
    out.push({ mention: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
