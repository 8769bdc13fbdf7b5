// Runs Vitest on small fixture files that fail in the ways a test count does not show, and reads the summary.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createVitest, type Reporter } from 'vitest/node';
import { summarize, type Summary } from './summary-reporter.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/red-runs/', import.meta.url));

async function summaryOf(file: string): Promise<Summary> {
  let summary: Summary | undefined;
  const capture: Reporter = {
    onTestRunEnd: (modules, errors, reason) => void (summary = summarize(modules, errors, reason)),
  };
  const vitest = await createVitest(
    'test',
    { config: false, root: FIXTURES, include: [file], watch: false, reporters: [capture], pool: 'threads', maxWorkers: 1 },
    { logLevel: 'silent' },
  );
  try {
    await vitest.start();
  } finally {
    await vitest.close();
  }
  return summary!;
}

describe('the summary line', () => {
  it('counts a green file as it is', async () => {
    expect(await summaryOf('passes.fixture.ts')).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });

  it('counts a file that fails at import as a failure', async () => {
    expect((await summaryOf('fails-at-import.fixture.ts')).failed).toBeGreaterThan(0);
  });

  it('counts a beforeAll that throws as a failure, though its tests are only skipped', async () => {
    const summary = await summaryOf('fails-in-before-all.fixture.ts');
    expect(summary.passed).toBe(0);
    expect(summary.failed).toBeGreaterThan(0);
  });

  it('counts an error thrown outside any test as a failure', async () => {
    const summary = await summaryOf('unhandled-error.fixture.ts');
    expect(summary.failed).toBeGreaterThan(0);
  });
});
