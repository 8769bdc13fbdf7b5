// The delivery guarantee under crashes. Eight clients send steadily into three shared channels while the server
// process is killed (SIGKILL, twice) and stopped gracefully (SIGTERM, once), each time restarted on the same port
// and data. Clients behave like the web client: one send in flight, retried with the same clientId after a
// reconnect, and a `sync` from their last contiguous change clock on every (re)connect and every gap. At the end every client's view of
// every channel must equal the database, seqs must be 1..N, and every send must be stored exactly once.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuthReply, ChangeBatch, Message } from '../../src/shared/protocol.js';
import { call, connect, signUp, sleep, type ClientSocket } from '../helpers/flack.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CLIENTS = 8;
const SEND_EVERY_MS = 40; // per client: ~200 sends/s in all
const PHASE_MS = 2_500; // load between two crashes
const ACK_TIMEOUT_MS = 3_000;
/** Every this many sends, a client's connection drops right after it sent: stored on the server, ack lost. */
const DROP_EVERY = 40;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** Flack as the operator runs it: its own process, configured by the environment. */
class FlackProcess {
  private child: ChildProcess | undefined;
  output = '';
  readonly url: string;

  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR ?? tmpdir(),
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'warn',
        RATE_LIMITS: 'off',
        SIGNUP_MODE: 'open',
        WEB_DIR: join(this.dataDir, 'no-web'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`Flack did not start within 20 s:\n${this.output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes(`Flack is running at ${this.url}`)) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new Error(`Flack exited (${code ?? signal}) while starting:\n${this.output}`));
      });
    });
  }

  /** Freezes the process: it accepts nothing more, and whatever clients send now waits unanswered. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Sends the signal and resolves with the exit code (null when killed by the signal). */
  stop(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((done) => {
      child.once('exit', (code) => done(code));
      child.kill(signal);
    });
  }
}

interface Send {
  n: number;
  clientId: string;
  conversationId: number;
  body: string;
  attempts: number;
  failures: number;
}

/** A client as the web app behaves: an ordered outbox, one send in flight, catch-up by seq on every connect. */
class ChaosClient {
  readonly socket: ClientSocket;
  readonly outbox: Send[] = [];
  readonly produced: Send[] = [];
  readonly acked = new Map<string, Message>();
  /** Per channel: seq → message, plus the highest seq up to which nothing is missing. */
  readonly views = new Map<number, Map<number, Message>>();
  readonly contiguous = new Map<number, number>();
  /** Per channel: the change clock up to which every batch was applied (live or through sync). */
  readonly clocks = new Map<number, number>();
  readonly problems: string[] = [];
  /** Sends the server stored whose ack never arrived: the client learnt of them through `sync` before retrying. */
  readonly storedBeforeAck = new Set<string>();
  private readonly seenIds = new Map<number, string>();
  private synced = false;
  private pumping = false;
  private count = 0;
  connects = 0;

  constructor(
    url: string,
    readonly auth: AuthReply,
    readonly channels: number[],
  ) {
    for (const id of channels) {
      this.views.set(id, new Map());
      this.contiguous.set(id, 0);
      this.clocks.set(id, 0);
    }
    this.socket = io(url, {
      auth: { token: auth.token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 400,
      randomizationFactor: 0.3,
      timeout: 2_000,
    }) as ClientSocket;
    this.socket.on('connect', () => void this.onConnect());
    this.socket.on('disconnect', (reason) => {
      this.synced = false;
      // A server-initiated close (graceful shutdown) is not retried by socket.io-client on its own.
      if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 100);
    });
    this.socket.on('changes', (batch) => this.applyBatch(batch));
  }

  produce(): void {
    const n = ++this.count;
    const send = {
      n,
      clientId: `${this.auth.user.username}-${n}`,
      conversationId: this.channels[n % this.channels.length]!,
      body: `from ${this.auth.user.username} #${n}`,
      attempts: 0,
      failures: 0,
    };
    this.produced.push(send);
    this.outbox.push(send);
    void this.pump();
  }

  get idle(): boolean {
    return this.synced && this.outbox.length === 0;
  }

  /** Merge one message: dedupe by id, keep seq order, and flag any disagreement about what a seq holds. */
  apply(message: Message): void {
    const view = this.views.get(message.conversationId);
    if (!view) return;
    const head = this.outbox[0];
    const betweenAttempts = head !== undefined && head.failures > 0 && head.failures === head.attempts;
    if (betweenAttempts && message.clientId === head.clientId && message.authorId === this.auth.user.id) {
      this.storedBeforeAck.add(head.clientId);
    }
    const key = `${message.conversationId}:${message.seq}`;
    const known = this.seenIds.get(message.id);
    if (known !== undefined && known !== key) this.problems.push(`message ${message.id} seen at ${known} and ${key}`);
    this.seenIds.set(message.id, key);
    const held = view.get(message.seq);
    if (held) {
      if (held.id !== message.id || held.body !== message.body) {
        this.problems.push(`seq ${key} was message ${held.id} "${held.body}", now ${message.id} "${message.body}"`);
      }
      return;
    }
    view.set(message.seq, message);
    let high = this.contiguous.get(message.conversationId)!;
    while (view.has(high + 1)) high++;
    this.contiguous.set(message.conversationId, high);
  }

  /** A live batch: applied at once; one that does not follow the clock we hold means a gap, caught up at once. */
  applyBatch(batch: ChangeBatch): void {
    const held = this.clocks.get(batch.conversationId);
    if (held === undefined) return;
    for (const message of batch.messages) this.apply(message);
    if (batch.since <= held) this.clocks.set(batch.conversationId, Math.max(held, batch.clock));
    else if (this.synced) void this.catchUp().catch(() => undefined);
  }

  /** "Give me what changed since X", then page back through history for any conversation reset. */
  async catchUp(): Promise<void> {
    const positions = this.channels.map((conversationId) => ({ conversationId, clock: this.clocks.get(conversationId)! }));
    const reply = await call(this.socket, 'sync', { positions });
    for (const batch of reply.changes) {
      for (const message of batch.messages) this.apply(message);
      this.clocks.set(batch.conversationId, Math.max(this.clocks.get(batch.conversationId)!, batch.clock));
    }
    for (const conversationId of reply.reset) {
      let before: number | undefined;
      for (;;) {
        const page = await call(this.socket, 'history', { conversationId, before });
        if (before === undefined) this.clocks.set(conversationId, page.clock);
        for (const message of page.messages) this.apply(message);
        const oldest = page.messages[0]?.seq;
        if (!page.hasMore || oldest === undefined || oldest <= this.contiguous.get(conversationId)! + 1) break;
        before = oldest;
      }
    }
  }

  private async onConnect(): Promise<void> {
    this.connects++;
    try {
      await this.catchUp();
    } catch {
      return; // lost the connection mid-sync: the next connect starts over
    }
    if (!this.socket.connected) return;
    this.synced = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.synced && this.outbox.length > 0) {
        const send = this.outbox[0]!;
        send.attempts++;
        const { clientId, conversationId, body } = send;
        let reply;
        try {
          const pending = this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', { conversationId, clientId, body });
          // The network drops just after the send went out (engine.close() flushes it first).
          if (send.attempts === 1 && send.n % DROP_EVERY === DROP_EVERY / 2) this.socket.io.engine.close();
          reply = await pending;
        } catch {
          send.failures++;
          await sleep(20); // disconnected or timed out: the same send goes again once connected and synced
          continue;
        }
        if (!reply.ok) {
          this.problems.push(`${clientId} refused: ${reply.error.code} ${reply.error.message}`);
          this.outbox.shift();
          continue;
        }
        this.acked.set(clientId, reply.data.message);
        this.apply(reply.data.message);
        this.outbox.shift();
      }
    } finally {
      this.pumping = false;
    }
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'flack-chaos-'));
let flack: FlackProcess | undefined;
let clients: ChaosClient[] = [];
afterAll(async () => {
  for (const client of clients) client.socket.close();
  await flack?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('chaos', () => {
  it('keeps every acknowledged and every retried message exactly once, in order, across kill -9 and restarts', async () => {
    flack = new FlackProcess(await freePort(), dataDir);
    const server = flack;
    await server.start();

    const users: AuthReply[] = [];
    for (let i = 0; i < CLIENTS; i++) users.push(await signUp(server));
    const setup = await connect(server, users[0]!.token);
    const general = (await call(setup, 'state', {})).conversations.find((c) => c.name === 'general')!.id;
    const channels = [general];
    for (const name of ['chaos-a', 'chaos-b']) {
      channels.push((await call(setup, 'channel:create', { name, visibility: 'public' })).conversation.id);
    }
    setup.close();
    for (const user of users.slice(1)) {
      const socket = await connect(server, user.token);
      for (const conversationId of channels.slice(1)) await call(socket, 'channel:join', { conversationId });
      socket.close();
    }

    clients = users.map((user) => new ChaosClient(server.url, user, channels));
    await until('every client to connect', () => clients.every((c) => c.idle), 10_000);
    const producers = clients.map((client, i) => {
      let timer: NodeJS.Timeout | undefined;
      const start = setTimeout(() => (timer = setInterval(() => client.produce(), SEND_EVERY_MS)), (i * SEND_EVERY_MS) / CLIENTS);
      return () => (clearTimeout(start), clearInterval(timer));
    });

    // Before each kill -9 the process is frozen for a moment, so every client has a send in flight when it dies:
    // some stored but never acknowledged, some never read. Both must land exactly once after the retry.
    const exits: Record<string, number | null> = {};
    for (const [i, signal] of (['SIGKILL', 'SIGKILL', 'SIGTERM'] as const).entries()) {
      await sleep(PHASE_MS);
      if (signal === 'SIGKILL') {
        server.freeze();
        await sleep(3 * SEND_EVERY_MS);
      }
      exits[`${signal}#${i}`] = await server.stop(signal);
      await server.start();
    }
    await sleep(PHASE_MS);
    for (const stop of producers) stop();
    await until('every outbox to drain', () => clients.every((c) => c.idle), 20_000);
    for (const client of clients) await client.catchUp(); // the tail, as a client fetches it
    for (const client of clients) client.socket.close();
    expect(await server.stop('SIGTERM'), 'graceful shutdown exit code').toBe(0);
    expect(exits).toEqual({ 'SIGKILL#0': null, 'SIGKILL#1': null, 'SIGTERM#2': 0 });

    const db = new Database(join(dataDir, 'flack.db'), { readonly: true });
    try {
      type Row = { id: number; seq: number; kind: string; author_id: number; body: string; client_id: string | null };
      const rowsOf = db.prepare<[number], Row>(
        'SELECT id, seq, kind, author_id, body, client_id FROM messages WHERE conversation_id = ? ORDER BY seq',
      );
      const shape = (m: Message): Row => ({
        id: m.id,
        seq: m.seq,
        kind: m.kind,
        author_id: m.authorId,
        body: m.body,
        client_id: m.clientId,
      });

      for (const client of clients) expect(client.problems, client.auth.user.username).toEqual([]);
      for (const conversationId of channels) {
        const rows = rowsOf.all(conversationId);
        expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
        const conversation = db.prepare('SELECT last_seq FROM conversations WHERE id = ?').get(conversationId);
        expect(conversation).toEqual({ last_seq: rows.length });
        for (const client of clients) {
          const view = [...client.views.get(conversationId)!.values()].sort((a, b) => a.seq - b.seq).map(shape);
          expect(view, `${client.auth.user.username} in channel ${conversationId}`).toEqual(rows);
        }
      }

      const stored = db.prepare<[number, string], Row>(
        'SELECT id, seq, kind, author_id, body, client_id FROM messages WHERE author_id = ? AND client_id = ?',
      );
      let retried = 0;
      let total = 0;
      for (const client of clients) {
        let previousId = 0;
        for (const send of client.produced) {
          total++;
          if (send.attempts > 1) retried++;
          const rows = stored.all(client.auth.user.id, send.clientId);
          expect(rows, `${send.clientId} (${send.attempts} attempts)`).toHaveLength(1);
          const row = rows[0]!;
          expect(row.body).toBe(send.body);
          const acked = client.acked.get(send.clientId);
          expect(acked && shape(acked), `${send.clientId} acknowledged as stored`).toEqual(row);
          // One send in flight per client: its messages are stored in the order it sent them.
          expect(row.id, `${send.clientId} stored out of order`).toBeGreaterThan(previousId);
          previousId = row.id;
        }
      }
      expect(total).toBeGreaterThan(500);
      expect(retried, 'sends caught in flight by a crash or a dropped connection, then retried').toBeGreaterThanOrEqual(CLIENTS);
      const storedBeforeAck = clients.reduce((sum, c) => sum + c.storedBeforeAck.size, 0);
      expect(storedBeforeAck, 'retries of sends that were already stored (the idempotency path)').toBeGreaterThan(0);
      expect(clients.every((c) => c.connects >= 4)).toBe(true);
    } finally {
      db.close();
    }
  }, 60_000);
});
