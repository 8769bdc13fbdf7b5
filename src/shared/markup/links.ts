// Which links a message may contain and how they are shown. Only http(s) URLs are links; everything else
// (javascript:, data:, file:) stays text. What is shown must not disguise where a link goes.

/** The URL, normalised (host in punycode), if it is an http(s) URL; null otherwise. */
export function safeHref(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

// Bidirectional controls would let "https://example.com/‮fdp.exe" read as ".../exe.pdf".
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text of a link written as a bare URL: as typed, except that an international host is shown as the browser
 * will resolve it (punycode, so "аpple.com" with a Cyrillic "а" cannot pass for apple.com) and bidi controls are
 * shown as their escapes.
 */
export function displayUrl(typed: string, url: URL): string {
  let shown = typed.replace(BIDI_CONTROLS, (c) => encodeURIComponent(c));
  const start = shown.indexOf('//') + 2;
  const end = start + shown.slice(start).search(/[/?#]|$/);
  const typedHost = shown.slice(start, end);
  if (start >= 2 && typedHost.toLowerCase() !== url.host) shown = shown.slice(0, start) + url.host + shown.slice(end);
  return shown;
}
