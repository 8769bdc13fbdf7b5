// Scenario 1: step the offered rate up; the highest step with p99 under the limit and nothing lost is the
// maximum sustained rate. A failed step is tried again (profile.throughput.attempts) before giving up: this machine is shared
// and a virtual one, and a scheduling hiccup should not end the climb (every attempt is reported).
import { P99_LIMIT_MS, type Profile } from '../config.js';
import { measuredLoad, waitForQuiet, type MeasuredStep } from './measure.js';
import type { Session } from './session.js';

export interface RateStep extends MeasuredStep {
  attempt: number;
  passed: boolean;
}

export interface MaxRate {
  maxSustainedDeliveriesPerSec: number;
  steps: RateStep[];
}

export function passes(step: MeasuredStep): boolean {
  return (
    step.latency.p99 < P99_LIMIT_MS &&
    step.lost === 0 &&
    step.duplicates === 0 &&
    step.misrouted === 0 &&
    step.unacked === 0 &&
    Object.keys(step.ackErrors).length === 0
  );
}

export async function maxRate(session: Session, profile: Profile, log: (line: string) => void): Promise<MaxRate> {
  const { rates, roomSize, stepMs, drainMs, bodyBytes, quietWaitMs, attempts } = profile.throughput;
  const steps: RateStep[] = [];
  let best = 0;
  for (const rate of rates) {
    let passed = false;
    for (let attempt = 1; attempt <= attempts && !passed; attempt++) {
      await waitForQuiet(quietWaitMs, log);
      const step = await measuredLoad(session.server.pid, session.generator, {
        type: 'load',
        messagesPerSec: rate / roomSize,
        durationMs: stepMs,
        drainMs,
        bodyBytes,
      });
      passed = passes(step);
      steps.push({ ...step, attempt, passed });
      log(`    ${rate.toLocaleString('en').padStart(7)}/s ${passed ? 'ok  ' : 'FAIL'} ${describe(step)}`);
      await session.generator.run({ type: 'settle', quietMs: 300, maxMs: drainMs });
    }
    if (!passed) break;
    best = rate;
  }
  return { maxSustainedDeliveriesPerSec: best, steps };
}

export function describe(step: MeasuredStep): string {
  const errors = Object.entries(step.ackErrors).map(([code, n]) => `${code}×${n}`).join(',');
  return (
    `p50 ${step.latency.p50} p99 ${step.latency.p99} ms, lost ${step.lost}, dup ${step.duplicates}` +
    (step.unacked ? `, unacked ${step.unacked}` : '') +
    (errors ? `, refused ${errors}` : '') +
    ` | cpu server ${step.serverCpuPercent}% generator ${step.generatorCpu.percent}% other ${step.otherCpuPercent}%`
  );
}
