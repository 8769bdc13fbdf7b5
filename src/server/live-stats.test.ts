import { describe, expect, it } from 'vitest';
import { LiveStats } from './live-stats.js';

describe('live stats', () => {
  it('count the last minute of messages and take quantiles of the last 1,000 deliveries', async () => {
    let now = 1_000_000;
    const stats = new LiveStats('n1', () => 3, async () => 4096, () => now);
    expect(await stats.read()).toMatchObject({ sockets: 3, messagesPerSecond: 0, deliveryP50Ms: null, storageBytes: 4096 });
    now += 120_000;
    for (let i = 0; i < 120; i++) stats.messageAccepted();
    for (let ms = 1; ms <= 100; ms++) stats.delivered(ms);
    const read = await stats.read();
    expect(read.messagesPerSecond).toBe(2); // 120 in the last 60 s
    expect([read.deliveryP50Ms, read.deliveryP99Ms]).toEqual([51, 100]);
    now += 61_000; // a minute later, none of them counts
    expect((await stats.read()).messagesPerSecond).toBe(0);
    for (let i = 0; i < 2000; i++) stats.delivered(1000);
    expect((await stats.read()).deliveryP50Ms).toBe(1000); // the old ones were replaced
  });
});
