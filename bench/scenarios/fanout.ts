// Scenario 5: one room of N members; every message reaches all of them. Reports per-delivery latency and
// the time until the last member has it.
import type { Profile } from '../config.js';
import { measuredLoad, waitForQuiet, type MeasuredStep } from './measure.js';
import type { Session } from './session.js';

export async function fanout(session: Session, profile: Profile, log: (line: string) => void): Promise<MeasuredStep> {
  const { members, messagesPerSec, durationMs } = profile.fanout;
  const { bodyBytes, drainMs } = profile.throughput;
  await session.generator.run({ type: 'connect', rooms: new Array<number>(members).fill(0), concurrency: 100, tokens: session.tokens });
  await session.generator.run({ type: 'settle', quietMs: 500, maxMs: 120_000 });
  // Warm up, then measure.
  await session.generator.run({ type: 'load', messagesPerSec, durationMs: Math.min(durationMs, 2_000), drainMs, bodyBytes });
  await session.generator.run({ type: 'settle', quietMs: 300, maxMs: drainMs });
  await waitForQuiet(profile.throughput.quietWaitMs, log);
  return measuredLoad(session.server.pid, session.generator, { type: 'load', messagesPerSec, durationMs, drainMs, bodyBytes });
}
