// The people of the workspace, on demand (protocol 3): nobody's boot carries them all. A name shown by id is
// fetched the first time it is needed (`users:get`, batched per tick, one request per id however many rows ask),
// the directory and the pickers search the server (`users:search`), and the server sends presence only of the
// people this socket watches (`presence:watch`): the DM peers of the sidebar plus whoever a mounted component shows.
import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { LIMITS, type PresenceChange, type UserWithPresence } from '../../shared/protocol.js';
import { isConnected, rpc } from './client.js';
import { dmPeerIds, setPresence, upsertUsers, users } from './directory.js';

/** Collects the ids asked for during one tick and fetches those not known, at most `LIMITS.usersPerGet` a request. */
export class UserFetcher {
  private queued = new Set<number>();
  private inFlight = new Set<number>();
  // Ids the server knows nobody by: not asked again. Failed requests are asked again after the next connect, not
  // by the next render (which would ask on every render while the server refuses).
  private nobody = new Set<number>();
  private failed = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: {
      known: (id: number) => boolean;
      get: (ids: number[]) => Promise<UserWithPresence[]>;
      store: (users: UserWithPresence[]) => void;
    },
  ) {}

  ensure(ids: Iterable<number>): void {
    for (const id of ids) {
      // Ids start at 1; 0 is the system (the creator of #general), which is nobody to fetch.
      if (id > 0 && !this.deps.known(id) && !this.inFlight.has(id) && !this.nobody.has(id) && !this.failed.has(id)) {
        this.queued.add(id);
      }
    }
    if (this.queued.size && this.timer === undefined) this.timer = setTimeout(() => this.flush(), 0);
  }

  /** After a (re)connect: what failed while the network was down. */
  retry(): void {
    const ids = [...this.failed];
    this.failed.clear();
    this.ensure(ids);
  }

  reset(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const set of [this.queued, this.inFlight, this.nobody, this.failed]) set.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const ids = [...this.queued];
    this.queued.clear();
    for (let i = 0; i < ids.length; i += LIMITS.usersPerGet) void this.request(ids.slice(i, i + LIMITS.usersPerGet));
  }

  private async request(ids: number[]): Promise<void> {
    for (const id of ids) this.inFlight.add(id);
    try {
      const found = await this.deps.get(ids);
      this.deps.store(found);
      const foundIds = new Set(found.map((u) => u.id));
      for (const id of ids) if (!foundIds.has(id)) this.nobody.add(id);
    } catch {
      for (const id of ids) this.failed.add(id);
    } finally {
      for (const id of ids) this.inFlight.delete(id);
    }
  }
}

/**
 * Whose presence this socket should be sent: `base` (the sidebar's DM peers) plus everyone registered by what is on
 * screen, the latest first, at most `LIMITS.presenceWatchMax`. Changes are sent after `delayMs` of quiet (a dialog
 * paging in results registers many times in a row); the same set is never sent twice.
 */
export class PresenceWatch {
  // id → how many registrations hold it; re-inserted on each registration, so the latest come last.
  private readonly held = signal<ReadonlyMap<number, number>>(new Map());
  readonly wanted: ReadonlySignal<number[]>;
  private sent: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: {
      base: () => readonly number[];
      send: (ids: number[]) => Promise<PresenceChange[]>;
      apply: (changes: PresenceChange[]) => void;
      connected: () => boolean;
      delayMs: number;
    },
  ) {
    this.wanted = computed(() => {
      const ids = new Set(deps.base());
      for (const id of [...this.held.value.keys()].reverse()) ids.add(id);
      return [...ids].slice(0, LIMITS.presenceWatchMax);
    });
  }

  /** Watch these people until the returned function is called. */
  watch(ids: readonly number[]): () => void {
    const next = new Map(this.held.value);
    for (const id of new Set(ids)) {
      const n = next.get(id) ?? 0;
      next.delete(id);
      next.set(id, n + 1);
    }
    this.held.value = next;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const after = new Map(this.held.value);
      for (const id of new Set(ids)) {
        const n = (after.get(id) ?? 0) - 1;
        if (n > 0) after.set(id, n);
        else after.delete(id);
      }
      this.held.value = after;
    };
  }

  /** Sends each change of the set, debounced; returns the stop function. */
  start(): () => void {
    const stop = effect(() => {
      const key = keyOf(this.wanted.value);
      clearTimeout(this.timer);
      if (key !== this.sent) this.timer = setTimeout(() => this.flush(), this.deps.delayMs);
    });
    return () => {
      stop();
      clearTimeout(this.timer);
      this.sent = null;
    };
  }

  /** A `state` reply set the server's set to the snapshot's people: send ours at once if it is another. */
  afterSnapshot(snapshotIds: readonly number[]): void {
    this.sent = keyOf(snapshotIds);
    clearTimeout(this.timer);
    this.flush();
  }

  private flush(): void {
    const ids = this.wanted.peek();
    const key = keyOf(ids);
    // While disconnected nothing is sent: the next `state` resets the server's set and we send ours after it.
    if (key === this.sent || !this.deps.connected()) return;
    this.sent = key;
    this.deps.send(ids).then(this.deps.apply, () => {
      // Not sent after all: let the next change or snapshot try again.
      if (this.sent === key) this.sent = null;
    });
  }
}

const keyOf = (ids: readonly number[]) => [...ids].sort((a, b) => a - b).join(',');

// ---------- this client's instances ----------

const fetcher = new UserFetcher({
  known: (id) => users.value.has(id),
  get: async (ids) => (await rpc('users:get', { ids })).users,
  store: upsertUsers,
});

const presenceWatch = new PresenceWatch({
  base: () => dmPeerIds.value,
  send: async (userIds) => (await rpc('presence:watch', { userIds })).presence,
  apply: (changes) => changes.forEach(({ userId, online }) => setPresence(userId, online)),
  connected: isConnected,
  delayMs: 250,
});

/** Fetch (soon, batched) the people of these ids that this client has not met; `users` gets them. */
export const ensureUsers = (ids: Iterable<number>) => fetcher.ensure(ids);

/** The person by id, if met; otherwise asks for them, so a component reading this re-renders when they arrive. */
export function personById(id: number): UserWithPresence | undefined {
  const u = users.value.get(id);
  if (!u) fetcher.ensure([id]);
  return u;
}

/** Keep the presence of these people current while they are on screen; call the returned function when they leave. */
export const watchPresence = (ids: readonly number[]) => presenceWatch.watch(ids);

/** Started with the session; returns its stop. */
export function startPeople(): () => void {
  const stop = presenceWatch.start();
  return () => {
    stop();
    fetcher.reset();
  };
}

/** After each (re)connect's snapshot. */
export function peopleAfterSnapshot(snapshotUserIds: readonly number[]): void {
  presenceWatch.afterSnapshot(snapshotUserIds);
  fetcher.retry();
}

export interface PageOf<T> {
  items: T[];
  next: string | null;
}

/** The directory: active people whose username starts with `query` ('' is everyone), by name, a page at a time. */
export async function searchPeople(query: string, after?: string): Promise<PageOf<UserWithPresence>> {
  const q = query.trim().replace(/^@/, '').slice(0, LIMITS.usernameMax);
  const { users: found, next } = await rpc('users:search', { query: q, ...(after !== undefined && { after }) });
  upsertUsers(found);
  return { items: found, next };
}
