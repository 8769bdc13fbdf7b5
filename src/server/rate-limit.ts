// Token buckets keyed by user, username or IP. In memory per node (a Redis-backed limiter shares them across nodes).
import { FlackError } from '../core/errors.js';

export interface BucketRule {
  /** Requests allowed at once. */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
}

export const RULES = {
  message: { burst: 30, perSecond: 5 },
  /** Edits, deletions and reactions: their own bucket, so reacting to a thread does not stop you writing. */
  change: { burst: 60, perSecond: 5 },
  event: { burst: 120, perSecond: 30 },
  /** New channels reach everyone's list: 10 at once, then one a minute, per user. */
  channelCreate: { burst: 10, perSecond: 1 / 60 },
  /** Uploads per user: a folder of screenshots at once, then one every 3 seconds. */
  upload: { burst: 20, perSecond: 1 / 3 },
  /** Posts through one incoming webhook, whoever sends them: a build's burst of results, then one a second. */
  webhook: { burst: 30, perSecond: 1 },
  signInPerName: { burst: 10, perSecond: 1 / 60 },
  signInPerIp: { burst: 30, perSecond: 1 / 10 },
  /** Accounts created from one address (SIGNUPS_PER_IP): an office behind one NAT signs up on its first morning. */
  signUpPerIp: { burst: 30, perSecond: 60 / 3600 },
  /** Failed sign-ups (taken names, short passwords) from one address: typos are not sign-ups, but each costs scrypt. */
  signUpFailuresPerIp: { burst: 30, perSecond: 1 / 20 },
} satisfies Record<string, BucketRule>;
export type RuleName = keyof typeof RULES;
export type Rules = Record<RuleName, BucketRule>;

/** `SIGNUPS_PER_IP=<at once>/<per hour>`, e.g. `30/60` (the default). */
export function rulesWith(signUpsPerIp: { burst: number; perHour: number } | undefined): Rules {
  return signUpsPerIp ? { ...RULES, signUpPerIp: { burst: signUpsPerIp.burst, perSecond: signUpsPerIp.perHour / 3600 } } : RULES;
}

export interface RateLimiter {
  /** Takes `cost` tokens (default 1); throws FlackError('rate_limited') when the bucket has fewer. A negative cost gives tokens back (a request that turned out not to count). */
  take(rule: RuleName, key: string, cost?: number): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly rules: Rules = RULES,
  ) {
    setInterval(() => this.sweep(), 60_000).unref();
  }

  async take(ruleName: RuleName, key: string, cost = 1): Promise<void> {
    const rule = this.rules[ruleName];
    const id = `${ruleName}:${key}`;
    const now = this.now();
    const bucket = this.buckets.get(id) ?? { tokens: rule.burst, at: now };
    bucket.tokens = Math.min(rule.burst, bucket.tokens + ((now - bucket.at) / 1000) * rule.perSecond);
    bucket.at = now;
    // A request dearer than a full bucket can still go once the bucket is full (then it runs the bucket dry).
    const needed = Math.min(cost, rule.burst);
    if (bucket.tokens < needed) {
      this.buckets.set(id, bucket);
      const retryAfterMs = Math.ceil(((needed - bucket.tokens) / rule.perSecond) * 1000);
      throw new FlackError('rate_limited', 'Slow down', retryAfterMs);
    }
    bucket.tokens = Math.min(rule.burst, bucket.tokens - cost);
    this.buckets.set(id, bucket);
  }

  /** Forget buckets that have been idle long enough to be full again, so memory stays bounded. */
  sweep(): void {
    const now = this.now();
    for (const [id, bucket] of this.buckets) {
      const rule = this.rules[id.slice(0, id.indexOf(':')) as RuleName];
      if (bucket.tokens + ((now - bucket.at) / 1000) * rule.perSecond >= rule.burst) this.buckets.delete(id);
    }
  }
}

export const noRateLimits: RateLimiter = { take: async () => {} };
