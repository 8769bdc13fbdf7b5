// Replies are capped in bytes as well as in messages: a page of 100 bodies of 4,000 control characters is 2.4 MB
// of JSON (each U+0001 becomes `\u0001`), so "100 messages" alone does not bound what one request costs.
import type { Message } from '../shared/protocol.js';

/** The most one history page, thread page or sync reply carries (estimated JSON bytes). */
export const REPLY_BYTES_MAX = 1_000_000;

/** \b \t \n \f \r: the control characters JSON escapes in two characters rather than six. */
const SHORT_ESCAPES = new Set([8, 9, 10, 12, 13]);

/** UTF-8 bytes of `text` as a JSON string: control characters, quotes and backslashes are escaped. */
export function jsonTextBytes(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += unit < 0x20 ? (SHORT_ESCAPES.has(unit) ? 2 : 6) : unit === 0x22 || unit === 0x5c ? 2 : 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) (bytes += 4), i++;
    else bytes += 3;
  }
  return bytes;
}

/** A message's JSON size, closely enough to budget by (the fixed fields are ~300 bytes). */
export function messageBytes(m: Message): number {
  let bytes = 300 + jsonTextBytes(m.body) + jsonTextBytes(m.authorName);
  for (const r of m.reactions) bytes += 20 + jsonTextBytes(r.emoji) + r.userIds.length * 8;
  for (const f of m.files ?? []) bytes += 120 + jsonTextBytes(f.name) + jsonTextBytes(f.type);
  return bytes;
}

/** The oldest of `page` (oldest first) that fit in `max` bytes, and whether any had to be left out. */
export function oldestThatFit(page: Message[], max = REPLY_BYTES_MAX): { messages: Message[]; cut: boolean } {
  const { messages, cut } = newestThatFit([...page].reverse(), max);
  return { messages: messages.reverse(), cut };
}

/** The newest of `page` (oldest first) that fit in `max` bytes, and whether any had to be left out. */
export function newestThatFit(page: Message[], max = REPLY_BYTES_MAX): { messages: Message[]; cut: boolean } {
  let bytes = 0;
  for (let i = page.length - 1; i >= 0; i--) {
    bytes += messageBytes(page[i]!);
    // Always at least one message, so paging can go on however large one is (4,000 characters at most).
    if (bytes > max && i < page.length - 1) return { messages: page.slice(i + 1), cut: true };
  }
  return { messages: page, cut: false };
}
