// When a failed delivery is tried again: 10 s, 30 s, 2 min, 10 min, 1 h after each failure, then never (failed).
// Jitter (±20 %) spreads the retries of many deliveries that failed together, so a target that comes back is not
// hit by all of them in the same second.
const DELAYS_MS = [10_000, 30_000, 120_000, 600_000, 3_600_000];

/** Attempts in all: the first one and one per delay. */
export const MAX_ATTEMPTS = DELAYS_MS.length + 1;

/** The wait after failed attempt number `attempts` (1 = the first), or null when it was the last. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  const base = DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}
