// A client that behaves like a well-written real one: it knows every node's address and moves to the next when
// its node goes away, catches up with `sync` from the last position it holds without a gap, retries an
// unacknowledged send with the same clientId, and keeps messages by sequence, deduplicated by id, newest clock kept.
import { randomUUID } from 'node:crypto';
import type { Ack, ChangeBatch, ClientToServerEvents, Message, PresenceChange, User } from '../../src/shared/protocol.js';
import { AckError, connect, request, signUp, type ClientSocket } from '../helpers/flack.js';
import { sleep } from './services.js';

type EventName = keyof ClientToServerEvents;
type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type DataOf<E extends EventName> =
  Parameters<ClientToServerEvents[E]>[1] extends ((reply: Ack<infer T>) => void) | undefined ? T : never;

export interface SeenPresence extends PresenceChange {
  at: number;
}

export class ChatClient {
  /** Messages held per conversation, by seq. */
  private readonly held = new Map<number, Map<number, Message>>();
  private readonly contiguousSeq = new Map<number, number>();
  /** Per tracked conversation: the change clock up to which every batch was applied. */
  private readonly clocks = new Map<number, number>();
  private readonly tracked = new Set<number>();
  private current: ClientSocket | undefined;
  private waiters: { resolve: (socket: ClientSocket) => void; reject: (error: Error) => void }[] = [];
  private syncTimer: NodeJS.Timeout | undefined;
  /** Two different messages claimed the same seq: must never happen. */
  readonly conflicts: string[] = [];
  readonly presence: SeenPresence[] = [];
  private watching: number[] = [];
  /** Live batches as they arrived (conversation, clock, when): to measure how far out of order they come. */
  readonly arrivals: { conversationId: number; clock: number; at: number }[] = [];
  failovers = 0;
  gapSyncs = 0;
  /** Move to another node when the connection drops (off: the user is gone with the node). */
  failover = true;
  closed = false;

  private constructor(
    private readonly urls: string[],
    private node: number,
    readonly user: User,
    readonly token: string,
  ) {}

  static async signUp(urls: string[], node: number): Promise<ChatClient> {
    const auth = await signUp({ url: urls[node] as string });
    const client = new ChatClient(urls, node, auth.user, auth.token);
    client.attach(await connect({ url: urls[node] as string }, auth.token));
    return client;
  }

  get socket(): ClientSocket {
    if (!this.current) throw new Error(`${this.user.username} is not connected`);
    return this.current;
  }

  get isConnected(): boolean {
    return this.current?.connected ?? false;
  }

  get nodeUrl(): string {
    return this.urls[this.node] as string;
  }

  /** Whose presence to follow; asked again on every node it moves to, as the web app does after a reconnect. */
  async watch(userIds: number[]): Promise<void> {
    this.watching = userIds;
    await this.call('presence:watch', { userIds });
  }

  /** Keep this conversation complete: gaps trigger a `sync`, and every reconnect syncs it. */
  track(conversationId: number): void {
    this.tracked.add(conversationId);
    this.held.set(conversationId, this.held.get(conversationId) ?? new Map());
  }

  /** Held messages, in seq order. */
  messages(conversationId: number): Message[] {
    return [...(this.held.get(conversationId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** The highest seq up to which nothing is missing. */
  contiguous(conversationId: number): number {
    const held = this.held.get(conversationId);
    let seq = this.contiguousSeq.get(conversationId) ?? 0;
    while (held?.has(seq + 1)) seq += 1;
    this.contiguousSeq.set(conversationId, seq);
    return seq;
  }

  /**
   * Live batches of a conversation that arrived after a later one, and by how many ms the latest of them trailed
   * the first later batch.
   */
  lateArrivals(conversationId: number): { count: number; maxLateMs: number } {
    const seen = this.arrivals.filter((a) => a.conversationId === conversationId);
    let count = 0;
    let maxLateMs = 0;
    seen.forEach((arrival, i) => {
      const overtaken = seen.slice(0, i).find((earlier) => earlier.clock > arrival.clock);
      if (!overtaken) return;
      count++;
      maxLateMs = Math.max(maxLateMs, arrival.at - overtaken.at);
    });
    return { count, maxLateMs };
  }

  /** The change clock up to which this client has every change of a tracked conversation. */
  clockOf(conversationId: number): number {
    return this.clocks.get(conversationId) ?? 0;
  }

  async call<E extends EventName>(event: E, payload: PayloadOf<E>): Promise<DataOf<E>> {
    const socket = await this.connected();
    let onDisconnect: (() => void) | undefined;
    const lost = new Promise<never>((_, reject) => {
      onDisconnect = () => reject(new Error(`${this.user.username} lost its connection during ${event}`));
      socket.once('disconnect', onDisconnect);
    });
    try {
      const reply = await Promise.race([request(socket, event, payload), lost]);
      if (!reply.ok) throw new AckError(reply.error);
      return reply.data;
    } finally {
      socket.off('disconnect', onDisconnect);
    }
  }

  /** Sends until acknowledged (surviving a node's death), always with the same clientId. */
  async send(conversationId: number, body: string, clientId: string = randomUUID()): Promise<Message> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { message } = await this.call('message:send', { conversationId, clientId, body });
        this.add(message);
        return message;
      } catch (error) {
        if (error instanceof AckError || attempt >= 30 || this.closed) throw error;
        await sleep(100);
      }
    }
  }

  /** Asks for everything after the gap-free position of every tracked conversation. */
  async sync(): Promise<void> {
    const positions = [...this.tracked].map((conversationId) => ({ conversationId, clock: this.clocks.get(conversationId) ?? 0 }));
    if (positions.length === 0) return;
    const reply = await this.call('sync', { positions });
    if (reply.reset.length > 0) throw new Error(`unexpected reset of ${reply.reset.join(', ')}`);
    for (const batch of reply.changes) {
      for (const message of batch.messages) this.add(message);
      this.clocks.set(batch.conversationId, Math.max(this.clocks.get(batch.conversationId) ?? 0, batch.clock));
    }
  }

  /** A live batch that does not follow the clock held means a gap: caught up at once, not only after a reconnect. */
  private applyBatch(batch: ChangeBatch): void {
    this.arrivals.push({ conversationId: batch.conversationId, clock: batch.clock, at: performance.now() });
    for (const message of batch.messages) this.add(message);
    if (!this.tracked.has(batch.conversationId)) return;
    const clock = this.clocks.get(batch.conversationId) ?? 0;
    if (batch.since <= clock) this.clocks.set(batch.conversationId, Math.max(clock, batch.clock));
    else this.syncSoon();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.syncTimer);
    this.current?.close();
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`${this.user.username} was closed`));
  }

  private add(message: Message): void {
    const held = this.held.get(message.conversationId);
    if (!held) return;
    const existing = held.get(message.seq);
    if (existing && existing.id !== message.id) {
      this.conflicts.push(`${message.conversationId}#${message.seq}: ${existing.id} and ${message.id}`);
    }
    if (existing && existing.clock >= message.clock) return; // an older state of what we hold
    held.set(message.seq, message);
  }

  private syncSoon(): void {
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = undefined;
      this.gapSyncs += 1;
      this.sync().catch(() => this.syncSoon());
    }, 50);
  }

  private attach(socket: ClientSocket): void {
    this.current = socket;
    socket.on('changes', (batch) => this.applyBatch(batch));
    socket.on('presence', (changes) => this.presence.push(...changes.map((change) => ({ ...change, at: Date.now() }))));
    socket.on('disconnect', (reason) => {
      if (this.current !== socket) return;
      this.current = undefined;
      // A server-side disconnect is deliberate (signed out): a real client would not come back either.
      if (this.failover && !this.closed && reason !== 'io server disconnect' && reason !== 'io client disconnect') {
        void this.moveToAnotherNode();
      }
    });
    for (const waiter of this.waiters.splice(0)) waiter.resolve(socket);
  }

  private async moveToAnotherNode(): Promise<void> {
    for (let attempt = 0; attempt < 100 && !this.closed; attempt++) {
      this.node = (this.node + 1) % this.urls.length;
      try {
        const socket = await connect({ url: this.nodeUrl }, this.token);
        this.failovers += 1;
        this.attach(socket);
        if (this.watching.length) await this.call('presence:watch', { userIds: this.watching }).catch(() => {});
        await this.sync().catch(() => this.syncSoon());
        return;
      } catch {
        await sleep(50);
      }
    }
  }

  private connected(timeoutMs = 10_000): Promise<ClientSocket> {
    if (this.current?.connected) return Promise.resolve(this.current);
    if (this.closed) return Promise.reject(new Error(`${this.user.username} was closed`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.user.username} has no connection`)), timeoutMs);
      this.waiters.push({
        resolve: (socket) => (clearTimeout(timer), resolve(socket)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
    });
  }
}
