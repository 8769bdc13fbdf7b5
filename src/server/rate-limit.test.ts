import { describe, expect, it } from 'vitest';
import { FlackError } from '../core/errors.js';
import { loadConfig } from './config.js';
import { MemoryRateLimiter, RULES, rulesWith } from './rate-limit.js';

describe('MemoryRateLimiter', () => {
  it('allows a burst, refuses the next with a retry hint, refills over time, and keeps keys apart', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < RULES.message.burst; i++) await limiter.take('message', 'alice');
    const refused = await limiter.take('message', 'alice').catch((error: FlackError) => error);
    expect(refused).toBeInstanceOf(FlackError);
    expect((refused as FlackError).code).toBe('rate_limited');
    expect((refused as FlackError).retryAfterMs).toBeGreaterThan(0);
    await limiter.take('message', 'bob'); // someone else is unaffected
    now += 1000 / RULES.message.perSecond;
    await limiter.take('message', 'alice');
  });

  it('charges a request by its cost: a dear one empties the bucket, and its retry waits for what it lacks', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    await limiter.take('event', 'dave', 100);
    await limiter.take('event', 'dave', 20);
    const refused = await limiter.take('event', 'dave', 100).catch((error: FlackError) => error);
    expect(refused).toMatchObject({ code: 'rate_limited', retryAfterMs: Math.ceil((100 / RULES.event.perSecond) * 1000) });
    now += 10_000;
    await limiter.take('event', 'dave', 1000); // more than a full bucket: allowed once it is full, then it is dry
    await expect(limiter.take('event', 'dave')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('takes the sign-up rule from SIGNUPS_PER_IP, and refuses a malformed one at start', () => {
    const config = loadConfig({ SIGNUPS_PER_IP: '5/12' });
    expect(config.signUpsPerIp).toEqual({ burst: 5, perHour: 12 });
    expect(rulesWith(config.signUpsPerIp).signUpPerIp).toEqual({ burst: 5, perSecond: 12 / 3600 });
    expect(rulesWith(undefined)).toBe(RULES);
    expect(() => loadConfig({ SIGNUPS_PER_IP: 'lots' })).toThrow(/SIGNUPS_PER_IP/);
  });

  it('forgets idle buckets', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    await limiter.take('event', 'carol');
    now += 60_000;
    limiter.sweep();
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(0);
  });
});
