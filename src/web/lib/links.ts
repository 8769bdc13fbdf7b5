// Splits message text into plain text and http(s) links. Only URLs that parse with an http: or https:
// protocol become links; everything else (javascript:, data:, markdown syntax) stays text.
export type Piece = string | { href: string; text: string };

const URL_LIKE = /\bhttps?:\/\/[^\s<>"']+/gi;

export function linkify(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    let raw = match[0];
    // Trailing punctuation usually ends the sentence, not the URL.
    raw = raw.replace(/[.,!?;:)\]]+$/, '');
    const start = match.index;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) out.push(text.slice(last, start));
    out.push({ href, text: raw });
    last = start + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
