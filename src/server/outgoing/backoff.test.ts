import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff.js';

describe('retry backoff', () => {
  it('waits 10 s, 30 s, 2 min, 10 min and 1 h (without jitter), then gives up', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, middle))).toEqual([10_000, 30_000, 120_000, 600_000, 3_600_000]);
    expect(retryDelayMs(6, middle)).toBeNull();
    expect(MAX_ATTEMPTS).toBe(6);
  });

  it('spreads retries by up to a fifth either way', () => {
    expect(retryDelayMs(1, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, () => 0.999999)).toBeLessThanOrEqual(12_000);
  });
});
