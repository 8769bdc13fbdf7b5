// Presence changes go out in batches: when many people connect at once (a deploy, a network blip), one packet
// per interval to every socket replaces one packet per change per socket, which would grow with users². The
// interval also grows with the audience, so presence costs at most ~PACKETS_PER_SECOND socket writes per second
// however big the team: 250 ms up to 1,250 sockets, 1 s at 5,000, 2 s at 10,000.
import type { PresenceChange } from '../../shared/protocol.js';

export const PRESENCE_BATCH_MS = 250;
const PACKETS_PER_SECOND = 5_000;
const MAX_BATCH_MS = 5_000;

/** The server, or `io.local` when each node announces only to its own sockets (cluster presence). */
export interface PresenceAudience {
  emit(event: 'presence', changes: PresenceChange[]): unknown;
}

export class PresenceBroadcast {
  private readonly pending = new Map<number, boolean>();
  private timer: NodeJS.Timeout | undefined;

  /** `audienceSize`: the sockets a flush writes to (this node's). */
  constructor(
    private readonly io: PresenceAudience,
    private readonly audienceSize: () => number,
  ) {}

  announce(userId: number, online: boolean): void {
    this.pending.set(userId, online);
    this.timer ??= setTimeout(() => this.flush(), batchInterval(this.audienceSize()));
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const changes: PresenceChange[] = [...this.pending].map(([userId, online]) => ({ userId, online }));
    this.pending.clear();
    this.io.emit('presence', changes);
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export function batchInterval(sockets: number): number {
  return Math.min(MAX_BATCH_MS, Math.max(PRESENCE_BATCH_MS, (sockets * 1000) / PACKETS_PER_SECOND));
}
