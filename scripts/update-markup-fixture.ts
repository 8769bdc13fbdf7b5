// Rewrites the expected HTML in test/fixtures/markup.json from the current renderer, after a deliberate change to
// it: `npx tsx scripts/update-markup-fixture.ts`, then read the diff — the fixture is the renderer's spec.
import { readFileSync, writeFileSync } from 'node:fs';
import { fixtureOptions, FIXTURE_PATH, type MarkupCase } from '../test/helpers/markup-fixture.js';
import { renderMarkup } from '../src/shared/markup/render.js';
import { toHtml } from '../test/helpers/markup-html.js';

const cases = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as MarkupCase[];
const updated = cases.map((c) => ({ ...c, html: toHtml(renderMarkup(c.body, fixtureOptions)) }));
writeFileSync(FIXTURE_PATH, `${JSON.stringify(updated, null, 1)}\n`);
console.log(`${updated.filter((c, i) => c.html !== cases[i]!.html).length} of ${cases.length} cases changed`);
