// What the message renderer needs beyond the main bundle: the highlighter's grammars and the :shortcode: table
// (about 150 KB together), loaded once after sign-in. Bodies render as plain markdown until they arrive.
import { signal } from '@preact/signals';
import type { MarkupOptions } from '../../shared/markup/nodes.js';
import { shortcodeTable } from '../../shared/markup/shortcodes.js';

export const markupOptions = signal<MarkupOptions>({});

let loading: Promise<void> | null = null;

export function loadMarkupExtras(): Promise<void> {
  loading ??= Promise.all([import('../../shared/markup/highlight.js'), import('emojibase-data/en/shortcodes/iamcal.json')])
    .then(([{ highlight }, { default: data }]) => {
      const table = shortcodeTable(data);
      markupOptions.value = { highlight, shortcode: (name) => table.get(name) };
    })
    .catch(() => {
      loading = null; // A failed chunk load (offline) is tried again on the next sign-in.
    });
  return loading;
}
