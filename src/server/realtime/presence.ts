// Who is online on this node: a user is online while any of their sockets is connected.
import type { Presence } from '../../core/ports.js';

export interface PresenceTracker extends Presence {
  /**
   * Returns true when the caller should announce that the user came online (their first live socket).
   * A tracker that announces transitions by itself (cluster presence, which orders them across nodes) returns false.
   */
  connected(userId: number): Promise<boolean>;
  /** Returns true when the caller should announce that the user went offline (their last live socket). */
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

  async onlineAmong(userIds: number[]): Promise<Set<number>> {
    return new Set(userIds.filter((id) => this.sockets.has(id)));
  }

  async close(): Promise<void> {}
}
