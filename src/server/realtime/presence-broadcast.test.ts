import { describe, expect, it, vi } from 'vitest';
import type { PresenceChange } from '../../shared/protocol.js';
import { batchInterval, PresenceBroadcast } from './presence-broadcast.js';

describe('presence batches', () => {
  it('wait longer as the audience grows, so a flush costs a bounded number of writes per second', () => {
    expect(batchInterval(10)).toBe(250);
    expect(batchInterval(1_250)).toBe(250);
    expect(batchInterval(5_000)).toBe(1_000);
    expect(batchInterval(10_000)).toBe(2_000);
    expect(batchInterval(1_000_000)).toBe(5_000);
  });

  it('send each user’s latest state once per batch, after the interval for the audience of the moment', () => {
    vi.useFakeTimers();
    try {
      const sent: PresenceChange[][] = [];
      let sockets = 5_000;
      const broadcast = new PresenceBroadcast({ emit: (_event, changes) => sent.push(changes) }, () => sockets);
      broadcast.announce(1, true);
      broadcast.announce(2, true);
      broadcast.announce(1, false);
      vi.advanceTimersByTime(999);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(sent).toEqual([[{ userId: 1, online: false }, { userId: 2, online: true }]]);
      sockets = 10;
      broadcast.announce(3, true);
      vi.advanceTimersByTime(250);
      expect(sent.at(-1)).toEqual([{ userId: 3, online: true }]);
      broadcast.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
