// Whether a body mentions `username` by name, found by the same renderer that draws the chips (and that the server
// notifies by): case-insensitive, a whole name only, never inside code or a URL.
import { renderMarkup } from '../../shared/markup/render.js';
import { mentionNames } from '../../shared/markup/walk.js';

export function mentions(text: string, username: string): boolean {
  const name = username.toLowerCase();
  for (const mentioned of mentionNames(renderMarkup(text))) if (mentioned === name) return true;
  return false;
}
