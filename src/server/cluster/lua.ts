// Lua scripts on an ioredis client: each runs atomically in Redis. ioredis sends EVALSHA, and the source once per
// connection (so a restarted Redis, which forgot every script, gets it again).
import type { Redis } from 'ioredis';

export interface LuaScript {
  keys: number;
  lua: string;
}
export type Run = (...keysThenArgs: (string | number)[]) => Promise<unknown>;

export function defineScripts<N extends string>(redis: Redis, scripts: Record<N, LuaScript>): Record<N, Run> {
  const runners = {} as Record<N, Run>;
  for (const [name, { keys, lua }] of Object.entries<LuaScript>(scripts)) {
    redis.defineCommand(name, { numberOfKeys: keys, lua });
    const command = (redis as unknown as Record<string, Run>)[name] as Run;
    runners[name as N] = (...args) => command.apply(redis, args);
  }
  return runners;
}
