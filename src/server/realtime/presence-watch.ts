// Whose presence each socket of this node is sent. A change goes to the sockets watching that person, not to
// everyone: a presence change costs what its watchers cost, and a boot no longer carries the whole workspace.
import type { PresenceChange } from '../../shared/protocol.js';
import type { PresenceAudience } from './presence-broadcast.js';

export interface Watcher {
  emit(event: 'presence', changes: PresenceChange[]): unknown;
}

export class PresenceWatchers implements PresenceAudience {
  private readonly watchersOf = new Map<number, Set<Watcher>>();
  private readonly watchedBy = new Map<Watcher, Set<number>>();

  /** Replaces what `watcher` watches. */
  set(watcher: Watcher, userIds: Iterable<number>): void {
    this.drop(watcher);
    const watched = new Set(userIds);
    if (watched.size === 0) return;
    this.watchedBy.set(watcher, watched);
    for (const id of watched) {
      let watchers = this.watchersOf.get(id);
      if (!watchers) this.watchersOf.set(id, (watchers = new Set()));
      watchers.add(watcher);
    }
  }

  drop(watcher: Watcher): void {
    for (const id of this.watchedBy.get(watcher) ?? []) {
      const watchers = this.watchersOf.get(id);
      watchers?.delete(watcher);
      if (watchers?.size === 0) this.watchersOf.delete(id);
    }
    this.watchedBy.delete(watcher);
  }

  /** One packet per watcher, holding the changes of the people it watches. */
  emit(_event: 'presence', changes: PresenceChange[]): void {
    const packets = new Map<Watcher, PresenceChange[]>();
    for (const change of changes) {
      for (const watcher of this.watchersOf.get(change.userId) ?? []) {
        const packet = packets.get(watcher);
        if (packet) packet.push(change);
        else packets.set(watcher, [change]);
      }
    }
    for (const [watcher, packet] of packets) watcher.emit('presence', packet);
  }

  get size(): number {
    return this.watchedBy.size;
  }
}
