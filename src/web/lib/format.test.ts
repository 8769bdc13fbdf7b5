import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatDuration, formatMs } from './format.js';

const NOW = Date.UTC(2026, 11, 7, 12);
const MIN = 60_000;

describe('formatAgo', () => {
  it('says how long ago in the largest unit that fits', () => {
    expect(formatAgo(NOW - 20_000, NOW)).toBe('just now');
    expect(formatAgo(NOW + 5000, NOW)).toBe('just now'); // a clock a little ahead
    expect(formatAgo(NOW - 5 * MIN, NOW)).toMatch(/5 minutes ago/);
    expect(formatAgo(NOW - 3 * 60 * MIN, NOW)).toMatch(/3 hours ago/);
    expect(formatAgo(NOW - 24 * 60 * MIN, NOW)).toMatch(/yesterday|1 day ago/);
    expect(formatAgo(NOW - 15 * 24 * 60 * MIN, NOW)).toMatch(/2 weeks ago/);
  });
});

describe('the live view’s numbers', () => {
  it('rounds milliseconds to one decimal and says — for nothing measured', () => {
    expect(formatMs(1.234)).toBe('1.2 ms');
    expect(formatMs(0)).toBe('0.0 ms');
    expect(formatMs(null)).toBe('—');
  });

  it('says sizes and uptimes as people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3.2 * 1024 * 1024)).toBe('3.2 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GB');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(125)).toBe('2 min');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400 + 4 * 3600)).toBe('3 d 4 h');
  });
});
