// The token buckets of rate-limit.ts, kept in Redis so that a client spreading requests over several nodes meets
// one limit. Redis' own clock refills the buckets, so nodes with drifting clocks agree.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { FlackError } from '../../core/errors.js';
import { MemoryRateLimiter, RULES, type RateLimiter, type RuleName } from '../rate-limit.js';
import { defineScripts, type Run } from './lua.js';

/** KEYS bucket · ARGV burst, tokens per ms → 0 when a token was taken, else ms until one is available. */
const TAKE = `
local burst, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
-- Forget the bucket once it would be full again.
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
return wait`;

export class RedisRateLimiter implements RateLimiter {
  private readonly scripts: { flackRateTake: Run };
  /** While Redis is away each node limits on its own rather than letting everything through. */
  private readonly fallback = new MemoryRateLimiter();
  private healthy = true;

  constructor(
    redis: Redis,
    private readonly log: Logger,
    /** The installation's REDIS_PREFIX. */
    private readonly keyPrefix = 'flack:',
  ) {
    this.scripts = defineScripts(redis, { flackRateTake: { keys: 1, lua: TAKE } });
  }

  async take(ruleName: RuleName, key: string): Promise<void> {
    const rule = RULES[ruleName];
    let wait: number;
    try {
      wait = Number(await this.scripts.flackRateTake(`${this.keyPrefix}rate:${ruleName}:${key}`, rule.burst, rule.perSecond / 1000));
      this.healthy = true;
    } catch (error) {
      if (this.healthy) this.log.warn({ err: error }, 'Redis unreachable; rate limits are per node until it is back');
      this.healthy = false;
      return this.fallback.take(ruleName, key);
    }
    if (wait > 0) throw new FlackError('rate_limited', 'Slow down', wait);
  }
}
