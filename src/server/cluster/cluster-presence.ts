// Presence across nodes. This node's socket counts live in memory — they are the truth about this node — and are
// mirrored into Redis, whose scripts (presence-scripts.ts) decide every global transition and append it to a feed.
// Each node reads the feed and tells its own sockets, so everyone hears each transition once and in order.
// A node that dies silently stops heartbeating; the first surviving node to sweep after its key expires takes its
// users out, which announces "offline" for those who are no longer connected anywhere.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { FlackServer } from '../realtime/fanout.js';
import type { PresenceTracker } from '../realtime/presence.js';
import { PresenceBroadcast, type PresenceAudience } from '../realtime/presence-broadcast.js';
import { followPresenceFeed } from './presence-feed.js';
import { presenceKeys, presenceScripts, type PresenceKeys, type PresenceScripts } from './presence-scripts.js';

export interface PresenceTiming {
  /** How often a node proves it is alive and sweeps dead ones. */
  heartbeatMs: number;
  /** A node silent this long is presumed dead. Longer than any pause a healthy node takes (GC, a Redis failover). */
  ttlMs: number;
}
export const DEFAULT_TIMING: PresenceTiming = { heartbeatMs: 1000, ttlMs: 5000 };

export class ClusterPresence implements PresenceTracker {
  private readonly local = new Map<number, number>();
  /** Each local user's last known total over every node: the per-user socket cap counts them all. */
  private readonly totals = new Map<number, number>();
  /** Users whose change Redis did not take; announced with their true state when this node resynchronises. */
  private readonly unsynced = new Set<number>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly scripts: PresenceScripts;
  private readonly keys: PresenceKeys;
  private readonly broadcast: PresenceBroadcast;
  private following?: { stop(): void };
  private timer?: NodeJS.Timeout;
  private resyncing?: Promise<void>;
  private ticking = false;
  private healthy = true;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly feed: Redis,
    /** This node's sockets: who watches whom (`local`), and how many there are. */
    io: { local: PresenceAudience; engine: { clientsCount: number } },
    private readonly log: Logger,
    private readonly nodeId: string,
    private readonly timing: PresenceTiming = DEFAULT_TIMING,
    /** The installation's REDIS_PREFIX. */
    keyPrefix = 'flack:',
  ) {
    this.keys = presenceKeys(keyPrefix);
    this.scripts = presenceScripts(redis);
    // Every node hears the whole feed, so each tells only its own sockets (batched like single-node presence).
    this.broadcast = new PresenceBroadcast(io.local, () => io.engine.clientsCount);
  }

  async start(): Promise<void> {
    this.following = await followPresenceFeed(this.feed, this.keys.feed, (userId, online) => this.broadcast.announce(userId, online));
    await this.resync();
    this.timer = setInterval(() => void this.tick(), this.timing.heartbeatMs);
    this.timer.unref();
  }

  // The feed announces transitions, so the socket server must not: these always resolve to false.
  async connected(userId: number): Promise<boolean> {
    await this.change(userId, +1);
    return false;
  }

  async disconnected(userId: number): Promise<boolean> {
    await this.change(userId, -1);
    return false;
  }

  socketsOf(userId: number): number {
    return Math.max(this.local.get(userId) ?? 0, this.totals.get(userId) ?? 0);
  }

  async onlineUserIds(): Promise<Set<number>> {
    try {
      return new Set((await this.redis.hkeys(this.keys.online)).map(Number));
    } catch {
      return new Set(this.local.keys()); // Redis is away: this node's own users are all it knows
    }
  }

  async onlineAmong(userIds: number[]): Promise<Set<number>> {
    if (userIds.length === 0) return new Set();
    try {
      const counts = await this.redis.hmget(this.keys.online, ...userIds.map(String));
      return new Set(userIds.filter((_, i) => counts[i] !== null));
    } catch {
      return new Set(userIds.filter((id) => this.local.has(id)));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.following?.stop();
    await Promise.allSettled([...this.pending]); // sockets closed by the shutdown are still being counted out
    // Whatever is left is taken out now; otherwise the survivors sweep this node once its heartbeat expires.
    await this.scripts.flackPresenceLeave(this.keys.nodes, this.keys.online, this.keys.feed, this.keys.prefix, this.nodeId).catch(() => {});
    this.broadcast.close();
  }

  private change(userId: number, by: 1 | -1): Promise<void> {
    const count = Math.max(0, (this.local.get(userId) ?? 0) + by);
    if (count > 0) {
      this.local.set(userId, count);
    } else {
      this.local.delete(userId);
      this.totals.delete(userId);
    }
    const write = this.write(userId, count);
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
    return write;
  }

  private async write(userId: number, count: number): Promise<void> {
    try {
      const id = this.nodeId;
      const reply = (await this.scripts.flackPresenceSet(this.keys.nodes, this.keys.online, this.keys.node(id), this.keys.feed, id, userId, count)) as number[] | null;
      if (reply) {
        if (count > 0) this.totals.set(userId, reply[1] ?? count);
        return;
      }
      // This node is not registered (it was swept while alive, or Redis restarted empty): re-register.
      this.unsynced.add(userId);
      await this.resync();
    } catch (error) {
      this.unsynced.add(userId);
      this.failed(error);
    }
  }

  private resync(): Promise<void> {
    if (this.closed) return Promise.resolve(); // a node that left must not register again
    return (this.resyncing ??= this.register().finally(() => (this.resyncing = undefined)));
  }

  /** Replaces this node's counts in Redis with the local ones; the script announces what that changed. */
  private async register(): Promise<void> {
    const id = this.nodeId;
    const unsynced = [...this.unsynced];
    this.unsynced.clear();
    try {
      const counts = [...this.local].flat();
      const reply = (await this.scripts.flackPresenceRestore(
        ...[this.keys.nodes, this.keys.online, this.keys.node(id), this.keys.alive(id)],
        ...[this.keys.feed, id, this.timing.ttlMs, this.local.size, ...counts, ...unsynced],
      )) as (string | number)[];
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const userId = Number(reply[i]);
        if (this.local.has(userId)) this.totals.set(userId, Number(reply[i + 1]));
      }
    } catch (error) {
      for (const userId of unsynced) this.unsynced.add(userId);
      throw error;
    }
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      const id = this.nodeId;
      const registered = await this.scripts.flackPresenceHeartbeat(this.keys.nodes, this.keys.alive(id), id, this.timing.ttlMs);
      if (registered !== 1 || this.unsynced.size > 0) await this.resync();
      await this.scripts.flackPresenceSweep(this.keys.nodes, this.keys.online, this.keys.feed, this.keys.prefix);
      if (!this.healthy) this.log.info('Redis is reachable again; presence is shared by every node');
      this.healthy = true;
    } catch (error) {
      this.failed(error);
    } finally {
      this.ticking = false;
    }
  }

  private failed(error: unknown): void {
    if (this.healthy) this.log.warn({ err: error }, 'Redis unreachable; presence changes wait until it is back');
    this.healthy = false;
  }
}
