// Pages of name-ordered lists, alike in both stores: a query asks for one row more than the page holds, and
// that extra row says whether a next page exists.
import type { PageOf, PageQuery } from './storage.js';

/** After every key that starts with the prefix, in binary (code point) order. */
const AFTER_ALL = '\u{10FFFF}';

/** Bounds of the keys a page may hold: [from, to) and > after, for `key >= ? AND key < ? AND key > ?`. */
export function keyRange(page: PageQuery): [string, string, string] {
  const prefix = page.prefix ?? '';
  return [prefix, prefix + AFTER_ALL, page.after ?? ''];
}

/** `rows` were fetched with LIMIT page.limit + 1, ordered by `keyOf`. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => string, map: (row: R) => T): PageOf<T> {
  const shown = rows.slice(0, limit);
  return { items: shown.map(map), next: rows.length > limit ? keyOf(shown.at(-1)!) : null };
}
