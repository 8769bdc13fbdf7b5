// Scenario 2: a fixed offered load (10,000 deliveries/s in rooms of 20): the latency distribution.
// Several runs; the one with the median p99 is the result, and every run's percentiles are kept.
import type { Profile } from '../config.js';
import { measuredLoad, waitForQuiet, type MeasuredStep } from './measure.js';
import type { Session } from './session.js';

export interface FixedRate extends MeasuredStep {
  runs?: { p50: number; p99: number; p999: number; otherCpuPercent: number }[];
}

export async function fixedRate(
  session: Session,
  profile: Profile,
  log: (line: string) => void,
  mix?: { every: number },
): Promise<FixedRate> {
  const { deliveriesPerSec, durationMs, runs } = profile.fixedRate;
  const { roomSize, bodyBytes, drainMs } = profile.throughput;
  const results: MeasuredStep[] = [];
  for (let run = 0; run < runs; run++) {
    await waitForQuiet(profile.throughput.quietWaitMs, log);
    results.push(
      await measuredLoad(session.server.pid, session.generator, {
        type: 'load',
        messagesPerSec: deliveriesPerSec / roomSize,
        durationMs,
        drainMs,
        bodyBytes,
        ...(mix && { mix }),
      }),
    );
    await session.generator.run({ type: 'settle', quietMs: 300, maxMs: drainMs });
  }
  const median = [...results].sort((a, b) => a.latency.p99 - b.latency.p99)[Math.floor((results.length - 1) / 2)]!;
  const all = results.map((r) => ({ p50: r.latency.p50, p99: r.latency.p99, p999: r.latency.p999, otherCpuPercent: r.otherCpuPercent }));
  return { ...median, runs: all };
}
