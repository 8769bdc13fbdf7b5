// The Redis token buckets: one limit for a client however it spreads its requests over nodes, the same rules as
// the in-memory limiter, and a per-node limit (not none) while Redis is away.
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlackError } from '../../src/core/errors.js';
import { forCommands } from '../../src/server/cluster/redis-clients.js';
import { RedisRateLimiter } from '../../src/server/cluster/redis-rate-limiter.js';
import { RULES } from '../../src/server/rate-limit.js';
import { missingServices, sleep, startRedis, withServices, type RedisServer } from './services.js';

const missing = await missingServices({ postgres: false });

withServices(missing, () => {
  let redis: RedisServer;
  const clients: Redis[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });

  async function limiterOnNewNode(): Promise<{ limiter: RedisRateLimiter; client: Redis }> {
    const client = new Redis(redis.url, forCommands);
    client.on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    clients.push(client);
    return { limiter: new RedisRateLimiter(client, pino({ level: 'silent' })), client };
  }

  async function refusal(take: Promise<void>): Promise<FlackError> {
    const error = await take.then(() => undefined, (e: unknown) => e);
    if (!(error instanceof FlackError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error;
  }

  describe('Redis rate limits', () => {
    it('is one bucket per client across nodes, refilled at the rule rate', async () => {
      const [a, b] = [await limiterOnNewNode(), await limiterOnNewNode()];
      const { burst, perSecond } = RULES.message;
      for (let i = 0; i < burst; i++) await (i % 2 ? a : b).limiter.take('message', 'user-1');
      const refused = await refusal(a.limiter.take('message', 'user-1'));
      expect(refused.code).toBe('rate_limited');
      expect(refused.toApiError().retryAfterMs).toBeGreaterThan(0);
      expect(refused.toApiError().retryAfterMs).toBeLessThanOrEqual(1000 / perSecond);
      await b.limiter.take('message', 'user-2'); // other clients are not affected

      await sleep(1000 / perSecond + 20);
      await b.limiter.take('message', 'user-1');
      expect((await refusal(a.limiter.take('message', 'user-1'))).code).toBe('rate_limited');
    });

    it('charges by cost, as the in-memory limiter does', async () => {
      const [a, b] = [await limiterOnNewNode(), await limiterOnNewNode()];
      await a.limiter.take('event', 'costly', 100);
      await b.limiter.take('event', 'costly', 20);
      const refused = await refusal(a.limiter.take('event', 'costly', 100));
      expect(refused.toApiError().retryAfterMs).toBeGreaterThan(2000);
      await b.limiter.take('event', 'cheap', 1);
    });

    it('limits each node on its own while Redis is unreachable', async () => {
      const { limiter, client } = await limiterOnNewNode();
      client.disconnect();
      for (let i = 0; i < RULES.signUpPerIp.burst; i++) await limiter.take('signUpPerIp', '192.0.2.1');
      expect((await refusal(limiter.take('signUpPerIp', '192.0.2.1'))).code).toBe('rate_limited');
    });
  });
});
