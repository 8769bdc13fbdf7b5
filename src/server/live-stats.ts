// This node's live numbers for the admin console: a minute of accepted messages, counted per second, and the
// delivery latencies of its last 1,000 messages. Cheap to feed (a counter bump, one array slot), read on demand.
import type { ServerStats } from '../shared/admin.js';
import type { Stats } from '../core/ports.js';

const WINDOW_SECONDS = 60;
const LATENCY_SAMPLES = 1000;

export class LiveStats implements Stats {
  private readonly perSecond = new Array<number>(WINDOW_SECONDS).fill(0);
  private currentSecond = 0;
  private readonly latencies: number[] = [];
  private nextLatency = 0;
  private readonly started: number;

  constructor(
    private readonly node: string,
    private readonly sockets: () => number,
    private readonly storageBytes: () => Promise<number | null>,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  messageAccepted(): void {
    this.roll();
    this.perSecond[this.currentSecond % WINDOW_SECONDS]! += 1;
  }

  delivered(ms: number): void {
    if (this.latencies.length < LATENCY_SAMPLES) this.latencies.push(ms);
    else this.latencies[this.nextLatency] = ms;
    this.nextLatency = (this.nextLatency + 1) % LATENCY_SAMPLES;
  }

  async read(): Promise<ServerStats> {
    this.roll();
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const quantile = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : null);
    const seconds = Math.min(WINDOW_SECONDS, Math.max(1, Math.floor((this.now() - this.started) / 1000)));
    return {
      node: this.node,
      uptimeSeconds: Math.floor((this.now() - this.started) / 1000),
      sockets: this.sockets(),
      messagesPerSecond: this.perSecond.reduce((sum, n) => sum + n, 0) / seconds,
      deliveryP50Ms: quantile(0.5),
      deliveryP99Ms: quantile(0.99),
      storageBytes: await this.storageBytes().catch(() => null),
    };
  }

  /** Clears the seconds that passed since the last count, so the window holds only the last minute. */
  private roll(): void {
    const second = Math.floor(this.now() / 1000);
    if (this.currentSecond === 0) this.currentSecond = second;
    for (let s = this.currentSecond + 1; s <= second && s - this.currentSecond <= WINDOW_SECONDS; s++) this.perSecond[s % WINDOW_SECONDS] = 0;
    this.currentSecond = Math.max(this.currentSecond, second);
  }
}
