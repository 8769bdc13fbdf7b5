// Presence changes go out in batches: when many people connect at once (a deploy, a network blip), one packet
// per interval to every socket replaces one packet per change per socket, which would grow with users².
import type { PresenceChange } from '../../shared/protocol.js';

export const PRESENCE_BATCH_MS = 250;

/** The server, or `io.local` when each node announces only to its own sockets (cluster presence). */
export interface PresenceAudience {
  emit(event: 'presence', changes: PresenceChange[]): unknown;
}

export class PresenceBroadcast {
  private readonly pending = new Map<number, boolean>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: PresenceAudience,
    private readonly intervalMs = PRESENCE_BATCH_MS,
  ) {}

  announce(userId: number, online: boolean): void {
    this.pending.set(userId, online);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
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
