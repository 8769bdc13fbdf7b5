// Who is online on this node: a user is online while any of their sockets is connected.
import type { Presence } from '../../core/ports.js';

export interface PresenceTracker extends Presence {
  /** Returns true when this was the user's first live socket (they just came online). */
  connected(userId: number): Promise<boolean>;
  /** Returns true when this was the user's last live socket (they just went offline). */
  disconnected(userId: number): Promise<boolean>;
  socketsOf(userId: number): number;
  close(): Promise<void>;
}

export class LocalPresence implements PresenceTracker {
  private readonly sockets = new Map<number, number>();

  async connected(userId: number): Promise<boolean> {
    const count = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, count);
    return count === 1;
  }

  async disconnected(userId: number): Promise<boolean> {
    const count = (this.sockets.get(userId) ?? 1) - 1;
    if (count > 0) this.sockets.set(userId, count);
    else this.sockets.delete(userId);
    return count <= 0;
  }

  socketsOf(userId: number): number {
    return this.sockets.get(userId) ?? 0;
  }

  async onlineUserIds(): Promise<Set<number>> {
    return new Set(this.sockets.keys());
  }

  async close(): Promise<void> {}
}
