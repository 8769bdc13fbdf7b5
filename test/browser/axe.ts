// axe-core in the page under test: injected through the DevTools protocol (page.evaluate), which the app's strict
// CSP does not govern, then run on the whole document. Only serious and critical violations fail a test.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import type { AxeResults, Result } from 'axe-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Every violation axe finds on the page as it is now, worst first; `within`: only in these elements (selectors). */
export async function axeViolations(page: Page, within?: string[]): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = (await page.evaluate(
    (include) =>
      (window as unknown as { axe: { run(ctx: Document | { include: string[] }, opts: object): Promise<unknown> } }).axe.run(
        include ? { include } : document,
        { resultTypes: ['violations'] },
      ),
    within,
  )) as AxeResults;
  return results.violations.map((v: Result) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  }));
}

/** The serious and critical ones: what a screen must not have. */
export async function seriousViolations(page: Page, within?: string[]): Promise<Violation[]> {
  return (await axeViolations(page, within)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
