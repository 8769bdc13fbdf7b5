// The reconnect storm (issue 11): a workspace of N people (default 10,000), each in 20 of 1,000 public channels and
// signed in on one socket to one node. The node restarts; every client reconnects the way the web app does
// (jittered backoff: 0.5–1.5 s, then doubling up to 4 s), asks for `state`, and `sync`s the three channels it had
// open. Reported: time from the restarted node accepting connections until every client is caught up, bytes the
// server sent, the server's CPU and peak memory, and clients that failed. The baseline in the same run: bare
// Socket.IO (bench/targets/bare-socketio.ts) restarted the same way, its clients reconnecting with no boot at all.
// Goal: Flack ≤ 2× the baseline's time, no failed client.
// People, channels and sessions are written straight into the SQLite file (sign-ups would spend minutes in scrypt).
// Run: npx tsx bench/reconnect-storm.ts [people] [--cpu-prof]  (--cpu-prof: a V8 profile of Flack's restarted node, summarised)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, newSessionToken } from '../src/core/tokens.js';
import type { Ack, Snapshot, SyncReply, HistoryPage } from '../src/shared/protocol.js';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { inbound, mapLimit } from './load/client.js';
import { WireSocket } from './load/wire-client.js';
import { cpuMs, freePort, launch, type Launched } from './targets/launch.js';
import { startFlack } from './targets/flack.js';
import { summarizeProfiles } from './report/profile-summary.js';

const PEOPLE = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 10_000);
const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(join(tmpdir(), 'flack-storm-prof-')) : null;
const CHANNELS = 1000;
const PER_PERSON = 20;
const OPEN = 3;
const CONNECT_CONCURRENCY = 500;
const DEADLINE_MS = 180_000;
/**
 * Clients connect from 200 loopback addresses, 50 people each (offices behind NATs): Flack lets one address hold at
 * most 256 connections that have not authenticated yet (src/server/realtime/handshake-guard.ts).
 */
const ADDRESSES = 200;
const addressOf = (i: number) => `127.0.${1 + Math.floor((i % ADDRESSES) / 250)}.${1 + ((i % ADDRESSES) % 250)}`;

/** Peak resident memory of a process (VmHWM), in bytes. */
function peakBytes(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

const channelsOf = (person: number) => Array.from({ length: PER_PERSON }, (_, k) => (person + k * 50) % CHANNELS);

async function seed(file: string): Promise<string[]> {
  const s = await openSqliteStorage(file);
  const at = Date.now();
  const ids: number[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const { id } = await s.createUser({ username: `p${i}`, passwordHash: 'seeded', createdAt: at });
    const token = newSessionToken();
    await s.createSession({ tokenHash: hashToken(token), userId: id, passwordHash: 'seeded', createdAt: at });
    ids.push(id);
    tokens.push(token);
  }
  const members: number[][] = Array.from({ length: CHANNELS }, () => []);
  ids.forEach((id, person) => channelsOf(person).forEach((c) => members[c]!.push(id)));
  for (let c = 0; c < CHANNELS; c++) {
    const memberIds = members[c]!;
    const channel = await s.createConversation({ kind: 'public', name: `channel-${c}`, topic: '', createdBy: memberIds[0]!, createdAt: at, dmKey: null, memberIds });
    for (let m = 0; m < 5; m++) {
      await s.appendMessage({ conversationId: channel.id, authorId: memberIds[m % memberIds.length]!, kind: 'user', body: `message ${m} in ${c}`, clientId: `s${c}-${m}`, createdAt: at });
    }
  }
  await s.close();
  return tokens;
}

interface Client {
  address: string;
  token: string | null;
  positions: { conversationId: number; clock: number }[];
  socket: WireSocket | null;
  caughtUpAt: number | null;
  failed: string | null;
}

const unwrap = <T>(reply: Ack<T>, what: string): T => {
  if (!reply.ok) throw new Error(`${what}: ${reply.error.code}`);
  return reply.data;
};

/** What the web app does on every connect: the snapshot, then catch-up for the conversations it holds. */
async function boot(socket: WireSocket, client: Client, first: boolean): Promise<void> {
  if (!client.token) return; // bare Socket.IO: connected is caught up
  const snapshot = unwrap(await socket.request<Ack<Snapshot>>('state', {}, 120_000), 'state');
  if (first) {
    for (const c of snapshot.conversations.slice(0, OPEN)) {
      const page = unwrap(await socket.request<Ack<HistoryPage>>('history', { conversationId: c.id }, 120_000), 'history');
      client.positions.push({ conversationId: c.id, clock: page.clock });
    }
    return;
  }
  const reply = unwrap(await socket.request<Ack<SyncReply>>('sync', { positions: client.positions }, 120_000), 'sync');
  for (const batch of reply.changes) {
    const p = client.positions.find((q) => q.conversationId === batch.conversationId);
    if (p) p.clock = batch.clock;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why reconnect attempts failed (retried), per target: printed with the results. */
const attemptErrors = new Map<string, number>();

/** Reconnects with the web app's backoff until connected and booted, or the deadline. */
async function reconnect(port: number, client: Client, startedAt: number): Promise<void> {
  let wait = 500 + Math.random() * 1000;
  for (;;) {
    await sleep(wait);
    if (performance.now() - startedAt > DEADLINE_MS) return void (client.failed = 'deadline');
    try {
      const socket = await WireSocket.connect(port, client.token ? { token: client.token } : null, 30_000, client.address);
      client.socket = socket;
      await boot(socket, client, false);
      client.caughtUpAt = performance.now();
      return;
    } catch (error) {
      client.socket?.close();
      client.socket = null;
      client.failed = (error as Error).message;
      attemptErrors.set(client.failed, (attemptErrors.get(client.failed) ?? 0) + 1);
      wait = Math.min(wait * 2, 4000) * (0.5 + Math.random());
    }
  }
}

interface StormResult {
  clients: number;
  caughtUpMs: number;
  p50Ms: number;
  failed: number;
  mbSent: number;
  cpuS: number;
  peakMb: number;
  restartMs: number;
}

async function storm(name: string, start: (restart: boolean) => Promise<Launched>, tokens: (string | null)[]): Promise<StormResult> {
  let server = await start(false);
  const clients: Client[] = tokens.map((token, i) => ({ address: addressOf(i), token, positions: [], socket: null, caughtUpAt: null, failed: null }));
  await mapLimit(clients, CONNECT_CONCURRENCY, async (client) => {
    client.socket = await WireSocket.connect(server.port, client.token ? { token: client.token } : null, 60_000, client.address);
    await boot(client.socket, client, true);
  });
  console.error(`${name}: ${clients.length} clients connected and booted; restarting the node`);
  const stopped = performance.now();
  await server.stop();
  for (const client of clients) client.socket?.close();
  server = await start(true);
  const listening = performance.now();
  const cpuBefore = cpuMs(server.pid);
  const bytesBefore = inbound.bytes;
  await Promise.all(clients.map((client) => ((client.failed = null), reconnect(server.port, client, listening))));
  const done = clients.filter((c) => c.caughtUpAt !== null).map((c) => c.caughtUpAt! - listening).sort((a, b) => a - b);
  const result: StormResult = {
    clients: clients.length,
    caughtUpMs: Math.round(done.at(-1) ?? NaN),
    p50Ms: Math.round(done[Math.floor(done.length / 2)] ?? NaN),
    failed: clients.filter((c) => c.caughtUpAt === null).length,
    mbSent: (inbound.bytes - bytesBefore) / 1e6,
    cpuS: (cpuMs(server.pid) - cpuBefore) / 1000,
    peakMb: peakBytes(server.pid) / 1e6,
    restartMs: Math.round(listening - stopped),
  };
  for (const client of clients) client.socket?.close();
  await server.stop();
  console.error(`${name}: attempts that failed and were retried:`, attemptErrors.size ? Object.fromEntries(attemptErrors) : 'none');
  attemptErrors.clear();
  return result;
}

const dataDir = mkdtempSync(join(tmpdir(), 'flack-storm-'));
try {
  const seedStart = performance.now();
  const tokens = await seed(join(dataDir, 'flack.db'));
  console.error(`seeded ${PEOPLE} people in ${CHANNELS} channels (${PER_PERSON} each) in ${Math.round(performance.now() - seedStart)} ms`);
  const port = await freePort();
  const bare = await storm('bare Socket.IO', () => launch({ entry: 'bench/targets/bare-socketio.ts', port }), tokens.map(() => null));
  const nodeArgs = (restart: boolean) => (restart && profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const flack = await storm('Flack', (restart) => startFlack({ port, dataDir, nodeArgs: nodeArgs(restart) }), tokens);
  const row = (name: string, r: StormResult) =>
    `| ${name} | ${r.clients.toLocaleString('en')} | ${(r.caughtUpMs / 1000).toFixed(1)} s | ${(r.p50Ms / 1000).toFixed(1)} s | ${r.failed} | ${r.mbSent.toFixed(1)} MB | ${r.cpuS.toFixed(1)} s | ${r.peakMb.toFixed(0)} MB |`;
  console.log(`Reconnect storm: ${PEOPLE.toLocaleString('en')} people, each in ${PER_PERSON} of ${CHANNELS} channels, one node restarted\n`);
  console.log('| target | clients | all caught up | median | failed | sent by the server | server CPU | server peak RSS |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  console.log(row('bare Socket.IO (baseline)', bare));
  console.log(row('Flack', flack));
  console.log(`\nFlack / baseline, time until all caught up: ${(flack.caughtUpMs / bare.caughtUpMs).toFixed(2)}× (goal ≤ 2×, no failed client)`);
  if (profileDir) summarizeProfiles(profileDir, (line) => console.log(line), 25);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
