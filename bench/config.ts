// What each mode measures. `full` is the numbers; `quick` scales the slow parts down (and says so in
// the output); `smoke` is tiny, for CI, and only shows that everything runs.

export type Mode = 'smoke' | 'quick' | 'full';

export interface Profile {
  mode: Mode;
  throughput: {
    clients: number;
    roomSize: number;
    bodyBytes: number;
    /** Offered deliveries/s, stepped up until a step fails twice. */
    rates: number[];
    stepMs: number;
    warmupMs: number;
    drainMs: number;
    /** Tries per rate before the climb stops (a shared VM has hiccups). */
    attempts: number;
    /** Longest wait for other processes on the machine to calm down before a measured step. */
    quietWaitMs: number;
  };
  /** Measured `runs` times; the run with the median p99 is reported (a host stall spoils one run, not the result). */
  fixedRate: { deliveriesPerSec: number; durationMs: number; runs: number };
  /** `quietMs`: no event frame for this long means connecting has settled. */
  idle: { connections: number; concurrency: number; quietMs: number };
  history: { rows: number; calls: number };
  fanout: { members: number; messagesPerSec: number; durationMs: number };
  /** What differs from the numbers, printed and written to the report. */
  scaledDown: string[];
}

/** A step passes with p99 under this and nothing lost, duplicated or refused. */
export const P99_LIMIT_MS = 100;

const FULL: Profile = {
  mode: 'full',
  throughput: {
    clients: 1000,
    roomSize: 20,
    bodyBytes: 200,
    rates: [2_000, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 100_000, 120_000, 140_000, 160_000, 200_000],
    stepMs: 10_000,
    warmupMs: 5_000,
    drainMs: 5_000,
    quietWaitMs: 20_000,
    attempts: 3,
  },
  fixedRate: { deliveriesPerSec: 10_000, durationMs: 10_000, runs: 3 },
  idle: { connections: 10_000, concurrency: 200, quietMs: 1_000 },
  history: { rows: 1_000_000, calls: 1_000 },
  fanout: { members: 1_000, messagesPerSec: 10, durationMs: 20_000 },
  scaledDown: [],
};

const QUICK: Profile = {
  ...FULL,
  mode: 'quick',
  throughput: { ...FULL.throughput, rates: [10_000, 20_000, 40_000, 60_000, 80_000, 120_000, 160_000], stepMs: 2_500, warmupMs: 2_000, drainMs: 3_000, quietWaitMs: 5_000, attempts: 2 },
  fixedRate: { deliveriesPerSec: 10_000, durationMs: 2_000, runs: 3 },
  idle: { connections: 1_000, concurrency: 200, quietMs: 1_000 },
  history: { rows: 100_000, calls: 300 },
  fanout: { members: 1_000, messagesPerSec: 10, durationMs: 3_000 },
  scaledDown: [
    'load steps of 2.5 s (full: 10 s), coarser rate steps',
    'fixed rate: 3 runs of 2 s (full: 3 × 10 s)',
    '1,000 idle connections (full: 10,000)',
    'history in a channel of 100,000 messages (full: 1,000,000)',
    'fan-out for 3 s (full: 20 s)',
    'a failed load step is tried twice (full: three times)',
  ],
};

const SMOKE: Profile = {
  mode: 'smoke',
  throughput: { clients: 40, roomSize: 20, bodyBytes: 200, rates: [1_000], stepMs: 500, warmupMs: 200, drainMs: 2_000, quietWaitMs: 0, attempts: 1 },
  fixedRate: { deliveriesPerSec: 500, durationMs: 500, runs: 1 },
  idle: { connections: 40, concurrency: 40, quietMs: 200 },
  history: { rows: 1_000, calls: 20 },
  fanout: { members: 40, messagesPerSec: 10, durationMs: 500 },
  scaledDown: ['smoke: every scenario tiny; the numbers mean nothing'],
};

export const PROFILES: Record<Mode, Profile> = { smoke: SMOKE, quick: QUICK, full: FULL };
