// Ends the run with one plain line, "N passed, N failed, N skipped", that CI logs can be read by.
// A run is red for more than failed tests: a file that fails at import, a beforeAll/afterAll that throws (its
// tests are then only "skipped"), and errors thrown outside any test all fail it. Each of those counts as one
// failure here, so the line can never read green on a red run.
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
}

export function summarize(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
  reason: TestRunEndReason = 'passed',
): Summary {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const module of modules) {
    let failed = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed') failed++;
      else counts.skipped++;
    }
    // Errors of the file itself (import, collection, top-level hooks) and of each suite's hooks.
    for (const suite of [module, ...module.children.allSuites()]) if (suite.errors().length > 0) failed++;
    if (module.state() === 'failed' && failed === 0) failed = 1;
    counts.failed += failed;
  }
  counts.failed += unhandledErrors.length;
  // Whatever else made Vitest call the run failed (an interrupted run, a global setup that threw).
  if (reason !== 'passed' && counts.failed === 0) counts.failed = 1;
  return counts;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    const { passed, failed, skipped } = summarize(modules, unhandledErrors, reason);
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
