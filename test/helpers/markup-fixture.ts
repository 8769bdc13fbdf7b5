// The renderer's fixture: message bodies and the HTML <Markup> must draw for them (see test/helpers/markup-html.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import shortcodes from 'emojibase-data/en/shortcodes/iamcal.json' with { type: 'json' };
import { highlight } from '../../src/shared/markup/highlight.js';
import type { MarkupOptions } from '../../src/shared/markup/nodes.js';
import { shortcodeTable } from '../../src/shared/markup/shortcodes.js';

export interface MarkupCase {
  name: string;
  body: string;
  html: string;
}

export const FIXTURE_PATH = fileURLToPath(new URL('../fixtures/markup.json', import.meta.url));

const table = shortcodeTable(shortcodes);
/** What the web app renders with once its extras have loaded. */
export const fixtureOptions: MarkupOptions = { highlight, shortcode: (name) => table.get(name) };

export const loadMarkupCases = (): MarkupCase[] => JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as MarkupCase[];
