// The token buckets of rate-limit.ts, kept in Redis so that a client spreading requests over several nodes meets
// one limit. Redis' own clock refills the buckets, so nodes with drifting clocks agree.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { FlackError } from '../../core/errors.js';
import { MemoryRateLimiter, RULES, type RateLimiter, type RuleName, type Rules } from '../rate-limit.js';
import { defineScripts, type Run } from './lua.js';

/** KEYS bucket · ARGV burst, tokens per ms, cost → 0 when the tokens were taken, else ms until they are there. */
const TAKE = `
local burst, rate, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local needed = math.min(cost, burst)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= needed then tokens = math.min(burst, tokens - cost) else wait = math.ceil((needed - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
-- Forget the bucket once it would be full again.
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(0, burst - tokens) / rate) + 1000)
return wait`;

export class RedisRateLimiter implements RateLimiter {
  private readonly scripts: { flackRateTake: Run };
  /** While Redis is away each node limits on its own rather than letting everything through. */
  private readonly fallback: MemoryRateLimiter;
  private healthy = true;

  constructor(
    redis: Redis,
    private readonly log: Logger,
    /** The installation's REDIS_PREFIX. */
    private readonly keyPrefix = 'flack:',
    private readonly rules: Rules = RULES,
  ) {
    this.scripts = defineScripts(redis, { flackRateTake: { keys: 1, lua: TAKE } });
    this.fallback = new MemoryRateLimiter(Date.now, rules);
  }

  async take(ruleName: RuleName, key: string, cost = 1): Promise<void> {
    const rule = this.rules[ruleName];
    let wait: number;
    try {
      wait = Number(await this.scripts.flackRateTake(`${this.keyPrefix}rate:${ruleName}:${key}`, rule.burst, rule.perSecond / 1000, cost));
      this.healthy = true;
    } catch (error) {
      if (this.healthy) this.log.warn({ err: error }, 'Redis unreachable; rate limits are per node until it is back');
      this.healthy = false;
      return this.fallback.take(ruleName, key, cost);
    }
    if (wait > 0) throw new FlackError('rate_limited', 'Slow down', wait);
  }
}
