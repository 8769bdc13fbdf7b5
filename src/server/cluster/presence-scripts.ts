// Cluster presence in Redis. Each node owns a hash of its users' socket counts and a heartbeat key that expires
// unless refreshed; `online` holds each user's total over the registered nodes. Every change runs as one Lua script
// that also appends the user's 0 ↔ online transition, if any, to a feed: Redis runs scripts one at a time, so every
// node reads every transition once and in the order it happened (two nodes announcing on their own could be heard
// in either order, leaving someone shown offline who is online). The feed is a stream, not pub/sub, so a node that
// lost its connection for a moment reads on from where it was.
//
//   <prefix>presence:nodes       SET   registered node ids
//   <prefix>presence:node:<id>   HASH  userId → sockets on that node
//   <prefix>presence:alive:<id>  STRING with a TTL, refreshed by the node's heartbeat
//   <prefix>presence:online      HASH  userId → sockets on all registered nodes
//   <prefix>presence:feed        STREAM of { t: "<userId> 1" } (came online) or { t: "<userId> 0" } (went offline)
// where <prefix> is the installation's REDIS_PREFIX (config.ts), so installations sharing a Redis never meet.
import type { Redis } from 'ioredis';
import { defineScripts } from './lua.js';

/** The presence keys of one installation, whose keys all start with `prefix`. */
export function presenceKeys(prefix: string) {
  const base = `${prefix}presence:`;
  return {
    /** What the scripts put before `node:<id>` and `alive:<id>`. */
    prefix: base,
    feed: `${base}feed`,
    nodes: `${base}nodes`,
    online: `${base}online`,
    node: (nodeId: string) => `${base}node:${nodeId}`,
    alive: (nodeId: string) => `${base}alive:${nodeId}`,
  };
}
export type PresenceKeys = ReturnType<typeof presenceKeys>;

/** Every script's ARGV[1] is the feed. `add` changes a user's total and announces a crossing of zero. */
const ADD = `
local function announce(user, online)
  redis.call('XADD', ARGV[1], 'MAXLEN', '~', 10000, '*', 't', user .. (online and ' 1' or ' 0'))
end
local function add(online, user, delta)
  local after = redis.call('HINCRBY', online, user, delta)
  if after <= 0 then redis.call('HDEL', online, user) end
  local before = after - delta
  if (before > 0) ~= (after > 0) then announce(user, after > 0) end
  return before, after
end
`;

/** Takes a node's counts out of the totals (ARGV[2] is the key prefix). */
const DROP_NODE = `${ADD}
local function drop(node)
  local hash = ARGV[2] .. 'node:' .. node
  local entries = redis.call('HGETALL', hash)
  for i = 1, #entries, 2 do add(KEYS[2], entries[i], -tonumber(entries[i + 1])) end
  redis.call('DEL', hash)
  redis.call('SREM', KEYS[1], node)
end
`;

const SCRIPTS = {
  /** KEYS nodes, online, node hash · ARGV feed, node, user, count → {before, after}, or nil when not registered. */
  flackPresenceSet: {
    keys: 3,
    lua: `${ADD}
if redis.call('SISMEMBER', KEYS[1], ARGV[2]) == 0 then return false end
local count = tonumber(ARGV[4])
local old = tonumber(redis.call('HGET', KEYS[3], ARGV[3]) or '0')
if count > 0 then redis.call('HSET', KEYS[3], ARGV[3], count) else redis.call('HDEL', KEYS[3], ARGV[3]) end
local before, after = add(KEYS[2], ARGV[3], count - old)
return {before, after}`,
  },

  /**
   * Replaces a node's counts and registers it. KEYS nodes, online, node hash, alive · ARGV feed, node, ttlMs,
   * pair count, user1, count1, …, then users whose state must be announced even if unchanged → flat {user, total}…
   */
  flackPresenceRestore: {
    keys: 4,
    lua: `${ADD}
local old = redis.call('HGETALL', KEYS[3])
local delta, users = {}, {}
for i = 1, #old, 2 do
  delta[old[i]] = -tonumber(old[i + 1])
  table.insert(users, old[i])
end
redis.call('DEL', KEYS[3])
local pairsEnd = 4 + 2 * tonumber(ARGV[4])
for i = 5, pairsEnd, 2 do
  local user, count = ARGV[i], tonumber(ARGV[i + 1])
  redis.call('HSET', KEYS[3], user, count)
  if delta[user] == nil then
    delta[user] = 0
    table.insert(users, user)
  end
  delta[user] = delta[user] + count
end
local out, announced = {}, {}
for _, user in ipairs(users) do
  local before, after = add(KEYS[2], user, delta[user])
  announced[user] = (before > 0) ~= (after > 0)
  table.insert(out, user)
  table.insert(out, after)
end
-- Users whose earlier change Redis never took: what others last heard of them is unknown, so say it again.
for i = pairsEnd + 1, #ARGV do
  if not announced[ARGV[i]] then announce(ARGV[i], tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0') > 0) end
end
redis.call('SADD', KEYS[1], ARGV[2])
redis.call('SET', KEYS[4], '1', 'PX', ARGV[3])
return out`,
  },

  /** KEYS nodes, alive · ARGV node, ttlMs → 1, or 0 when this node is not registered (swept, or Redis lost its data). */
  flackPresenceHeartbeat: {
    keys: 2,
    lua: `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return 1`,
  },

  /** KEYS nodes, online · ARGV feed, prefix: drops every node whose heartbeat expired. */
  flackPresenceSweep: {
    keys: 2,
    lua: `${DROP_NODE}
local swept = 0
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[2] .. 'alive:' .. node) == 0 then
    drop(node)
    swept = swept + 1
  end
end
return swept`,
  },

  /** KEYS nodes, online · ARGV feed, prefix, node: this node leaves. */
  flackPresenceLeave: {
    keys: 2,
    lua: `${DROP_NODE}
drop(ARGV[3])
redis.call('DEL', ARGV[2] .. 'alive:' .. ARGV[3])
return 1`,
  },
};

export const presenceScripts = (redis: Redis) => defineScripts(redis, SCRIPTS);
export type PresenceScripts = ReturnType<typeof presenceScripts>;

/** "42 1" → { userId: 42, online: true } */
export function parseTransition(payload: string): { userId: number; online: boolean } | null {
  const [user, state] = payload.split(' ');
  const userId = Number(user);
  return Number.isSafeInteger(userId) && (state === '1' || state === '0') ? { userId, online: state === '1' } : null;
}
