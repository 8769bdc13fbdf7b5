// Whatever a signed-in client or an anonymous HTTP caller sends, the server answers with a stable error code
// (never `internal`, never silence), closes only connections that exceed the payload cap, keeps Object.prototype
// clean and leaves the database consistent. The run is seeded: FUZZ_SEED=<n> replays a failing one.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../src/server/realtime/socket-server.js';
import { EVENT_SCHEMAS } from '../../src/server/realtime/schemas.js';
import type { AuthReply, ErrorCode } from '../../src/shared/protocol.js';
import {
  call,
  connect,
  newClient,
  request,
  signUp,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from '../helpers/flack.js';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const FUZZ_MS = 15_000;
const MAX_EVENTS = 20_000;
const LOOPS_PER_SOCKET = 4;
const ACK_TIMEOUT_MS = 5_000;
/** Frames this close to the cap may or may not be refused; above `MUST_DROP` they must be. */
const MAY_DROP = MAX_PAYLOAD_BYTES - 64;
const MUST_DROP = MAX_PAYLOAD_BYTES + 2_048;
const NEAR = MAX_PAYLOAD_BYTES - 4_096;

// Exhaustive by construction: adding an ErrorCode to the protocol without listing it here fails typecheck.
const CODES: Record<ErrorCode, true> = {
  invalid: true,
  command_failed: true,
  unauthorized: true,
  not_found: true,
  forbidden: true,
  signup_closed: true,
  invite_invalid: true,
  last_owner: true,
  conflict: true,
  archived: true,
  reset_invalid: true,
  username_taken: true,
  too_many_reactions: true,
  emoji_invalid: true,
  thread_invalid: true,
  query_too_short: true,
  too_large: true,
  quota_exceeded: true,
  file_invalid: true,
  storage_full: true,
  username_invalid: true,
  password_invalid: true,
  wrong_password: true,
  name_taken: true,
  name_invalid: true,
  empty: true,
  too_long: true,
  too_many_members: true,
  rate_limited: true,
  internal: true,
};
const KNOWN_EVENTS = Object.keys(EVENT_SCHEMAS);

// ---------- seeded generators ----------

function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const int = (n: number) => Math.floor(random() * n);
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;

/** Sets an own, enumerable property even for `__proto__`, so it reaches the wire (plain assignment would not). */
function own(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const known = { conversationIds: [1] as number[], userIds: [] as number[], usernames: [] as string[] };
let clientIds = 0;

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const r = random();
    if (r < 0.6) out += String.fromCharCode(32 + int(95));
    else if (r < 0.8) out += String.fromCharCode(int(0xd800));
    else if (r < 0.9) out += String.fromCharCode(0xd800 + int(0x800)); // lone surrogate halves
    else out += String.fromCharCode(int(32));
  }
  return out;
}

const STRINGS = [
  '', ' ', '\t\n', '0', '1', '-1', 'NaN', 'Infinity', 'null', 'true', '[]', '{}', 'general', '#general', 'public',
  'private', 'dm', '__proto__', 'constructor', 'prototype', 'toString', '\uD800', '\uDC00', 'a\uD83D', '\uDE00b',
  '😀', 'e\u0301', '\u0000', '\u202Eevil', '<script>alert(1)</script>', "'; DROP TABLE messages; --", '%s%n%x',
  '../../etc/passwd', 'x'.repeat(4_000), 'x'.repeat(4_001), 'y'.repeat(16_001), 'ü'.repeat(300),
];
const NUMBERS = [
  0, -0, 1, -1, 2, 1.5, -2.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, Number.MIN_VALUE,
];

function scalar(): unknown {
  const r = random();
  if (r < 0.08) return pick([null, undefined, true, false]);
  if (r < 0.3) return pick(NUMBERS);
  if (r < 0.42) return pick(known.conversationIds);
  if (r < 0.5) return pick(known.userIds);
  if (r < 0.55) return pick(known.usernames);
  if (r < 0.75) return pick(STRINGS);
  if (r < 0.97) return randomString(int(40));
  return Buffer.from(randomString(int(64)));
}

function poison(): Record<string, unknown> {
  return JSON.parse(
    pick([
      '{"__proto__":{"polluted":"yes","isAdmin":true}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"prototype":{"polluted":"yes"},"__proto__":[1,2]}',
      '{"__proto__":{"__proto__":{"polluted":"deep"}}}',
    ]),
  ) as Record<string, unknown>;
}

function nested(depth: number): unknown {
  let value: unknown = scalar();
  for (let i = 0; i < depth; i++) value = chance(0.5) ? [value] : { conversationId: value };
  return value;
}

const KEYS = [
  'conversationId', 'clientId', 'body', 'name', 'topic', 'visibility', 'username', 'userId', 'userIds', 'before',
  'limit', 'seq', 'positions', 'lastSeq', 'authorId', 'authorName', 'id', '__proto__', 'constructor', 'prototype',
  'toString', 'valueOf', 'hasOwnProperty', 'isAdmin', '', '0', 'length',
];

function value(depth = 0): unknown {
  const r = random();
  if (depth > 3 || r < 0.5) return scalar();
  if (r < 0.65) return Array.from({ length: int(6) }, () => value(depth + 1));
  if (r < 0.88) {
    const object = chance(0.2) ? poison() : {};
    for (let i = int(5); i > 0; i--) own(object, pick(KEYS), value(depth + 1));
    return object;
  }
  if (r < 0.96) return nested(chance(0.9) ? 10 + int(300) : 2_000);
  return new Uint8Array(int(2_048));
}

const channelName = () => pick([`fz${int(1e6)}`, `#fz${int(1e6)}`, 'каналы', 'general', 'GENERAL', ' padded ', 'x'.repeat(81)]);
const maybe = <T>(make: () => T): T | undefined => (chance(0.5) ? make() : undefined);
const SEARCH_QUERIES = ['hello', '"unclosed', 'NEAR(a b)', '* OR ^', 'from:@nobody_here', 'in:#x -y', 'before:2026-02-30', 'x'.repeat(300), '東京'];
const someId = () => (chance(0.85) ? pick(known.conversationIds) : pick([...NUMBERS, 987654]));
const text = () => (chance(0.6) ? `fuzz ${randomString(int(30))}` : (scalar() as string));

/** A payload that is valid (or nearly so) for the event, so fuzzing reaches the core and the database. */
function template(event: string): Record<string, unknown> {
  const conversationId = someId();
  switch (event) {
    case 'state':
      return {};
    case 'channels:browse':
      return { query: maybe(channelName), after: maybe(channelName), limit: maybe(() => int(120)) };
    case 'users:search':
      return { query: chance(0.8) ? pick([...known.usernames, '', 'a', 'fz']).slice(0, 1 + int(5)) : text(), after: maybe(() => pick(known.usernames)) };
    case 'users:get':
      return { ids: Array.from({ length: int(120) }, () => pick(known.userIds)) };
    case 'presence:watch':
      return { userIds: Array.from({ length: int(600) }, () => pick(known.userIds)) };
    case 'conversation:members':
      return { conversationId, after: maybe(() => pick(known.usernames)), limit: maybe(() => int(250)) };
    case 'channel:create':
      return { name: channelName(), topic: maybe(text), visibility: pick(['public', 'private']) };
    case 'channel:update':
      return { conversationId, name: maybe(channelName), topic: maybe(text) };
    case 'channel:invite':
      return { conversationId, username: pick(known.usernames) };
    case 'channel:remove':
      return { conversationId, userId: pick(known.userIds) };
    case 'dm:open':
      return { userIds: Array.from({ length: 1 + int(3) }, () => pick(known.userIds)) };
    case 'history':
      return { conversationId, before: maybe(() => int(60)), limit: maybe(() => 1 + int(100)) };
    case 'message:send':
      return { conversationId, clientId: chance(0.9) ? `f${SEED}-${clientIds++}` : 'reused', body: text() };
    case 'read':
      return { conversationId, seq: int(80) };
    case 'focus':
      return { conversationId: chance(0.2) ? null : conversationId };
    case 'sync':
      return { positions: Array.from({ length: int(4) }, () => ({ conversationId: someId(), lastSeq: int(40) })) };
    case 'search':
      return {
        query: chance(0.6) ? pick(SEARCH_QUERIES) : text(),
        before: maybe(() => pick([...NUMBERS, 987654])),
        limit: maybe(() => int(60)),
      };
    default:
      return { conversationId };
  }
}

function mutate(payload: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(payload);
  for (let i = 1 + int(3); i > 0; i--) {
    const r = random();
    if (r < 0.45 && keys.length) own(payload, pick(keys), value(1));
    else if (r < 0.6 && keys.length) delete payload[pick(keys)];
    else if (r < 0.85) own(payload, pick(KEYS), value(1));
    else for (const [key, poisoned] of Object.entries(poison())) own(payload, key, poisoned);
  }
  return payload;
}

/** Near or over the 64 KB frame cap, in one string, many strings, multi-byte text, escapes or one attachment. */
function huge(event: string): unknown {
  const near = MAX_PAYLOAD_BYTES - 600 - int(2_000);
  const over = MAX_PAYLOAD_BYTES + 4_096 + int(20_000);
  switch (int(7)) {
    case 0:
      return { ...template(event), body: 'n'.repeat(near), name: 'n' };
    case 1:
      return { ...template(event), body: 'o'.repeat(over) };
    case 2:
      return { body: 'é'.repeat(Math.ceil(over / 2)) };
    case 3:
      return { topic: '\uD800'.repeat(Math.ceil(over / 6)) }; // each lone surrogate is a 6-byte JSON escape
    case 4:
      return Array.from({ length: Math.ceil(over / 1_000) }, () => 'a'.repeat(990));
    case 5:
      return { ...template(event), attachment: Buffer.alloc(over) };
    default:
      return { ...template(event), attachment: Buffer.alloc(near) };
  }
}

interface Fuzzed {
  name: string;
  args: unknown[];
  ack: boolean;
  /** Largest Engine.IO frame this event becomes (JSON packet or one binary attachment). */
  frameBytes: number;
}

function frameBytes(args: unknown[]): number {
  let largest = 0;
  const json = JSON.stringify(args, function (this: Record<string, unknown>, key, replaced: unknown) {
    const original = this[key]; // Buffer#toJSON has already run on `replaced`
    if (original instanceof Uint8Array) {
      largest = Math.max(largest, original.byteLength);
      return { _placeholder: true, num: 0 };
    }
    return replaced;
  });
  return Math.max(largest, Buffer.byteLength(json ?? '') + 16);
}

function nextEvent(): Fuzzed {
  const isKnown = chance(0.85);
  const name: string = isKnown
    ? pick(KNOWN_EVENTS)
    : (pick([
        randomString(1 + int(20)), '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'message',
        'presence', 'user', 'conversation', 'typing ', 'STATE', 'Message:Send', 'message:send\u0000', '',
        'x'.repeat(2_000), 42, 0, -1, 1.5,
      ]) as string);
  let payload: unknown;
  if (chance(0.02)) payload = huge(name);
  else if (isKnown && chance(0.65)) payload = chance(0.15) ? template(name) : mutate(template(name));
  else payload = value();
  const r = random();
  const args = r < 0.05 ? [] : r < 0.1 ? [payload, value(), value()] : [payload];
  const bytes = frameBytes([name, ...args]);
  return { name, args, ack: bytes > NEAR || chance(0.8), frameBytes: bytes };
}

function preview(event: Fuzzed): string {
  const json = JSON.stringify([event.name, ...event.args], (_key, v: unknown) =>
    typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length})` : v,
  );
  return `${(json ?? '').slice(0, 300)} [${event.frameBytes} B]`;
}

// ---------- the run ----------

let server: TestServer;
let dataDir: string;
const baseline = new Map<object, string[]>();
const PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'flack-fuzz-'));
  server = await startTestServer({ dataDir });
  for (const [, proto] of PROTOTYPES) baseline.set(proto, Object.getOwnPropertyNames(proto).sort());
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Lane {
  auth: AuthReply;
  socket: ClientSocket;
  bigInFlight: number;
  reconnecting: Promise<void>;
}

describe(`fuzzing (FUZZ_SEED=${SEED})`, () => {
  it('answers every event with a well-formed ack or drops only an oversized frame, never internal, never silent', async () => {
    // The owner (the first account) stays out of the fuzz: its lanes are members, whose admin events are refused.
    const founder = await signUp(server);
    const users = [await signUp(server), await signUp(server), await signUp(server), await signUp(server)];
    known.userIds.push(founder.user.id);
    known.userIds.push(...users.map((u) => u.user.id), 0, 987654);
    known.usernames.push(...users.map((u) => u.user.username), 'nobody_here');
    // Some shared state for the fuzz to poke at: a public and a private channel, a DM.
    const owner = await connect(server, users[0]!.token);
    for (const visibility of ['public', 'private'] as const) {
      const { conversation } = await call(owner, 'channel:create', { name: `fz-${visibility}-${SEED}`, visibility });
      known.conversationIds.push(conversation.id);
      await call(owner, 'message:send', { conversationId: conversation.id, clientId: `seed-${visibility}`, body: 'seed' });
    }
    const dm = await call(owner, 'dm:open', { userIds: [users[1]!.user.id] });
    known.conversationIds.push(dm.conversation.id);
    owner.close();

    const droppedForSize = new WeakSet<ClientSocket>();
    const problems: string[] = [];
    const stats = { sent: 0, replies: 0, dropped: 0, oversizedDropped: 0, nearAnswered: 0 };
    const codes: Record<string, number> = {};

    const attach = (lane: Lane, socket: ClientSocket) => {
      lane.socket = socket;
      socket.on('disconnect', (reason) => {
        // Runs before socket.io-client fails the pending acks, so those can be attributed to this drop.
        if (lane.bigInFlight > 0) droppedForSize.add(socket);
        else if (reason !== 'io client disconnect') problems.push(`unexpected disconnect (${reason})`);
        if (reason === 'io client disconnect') return;
        lane.reconnecting = connect(server, lane.auth.token).then(
          (fresh) => attach(lane, fresh),
          (error: Error) => void problems.push(`reconnect failed: ${error.message}`),
        );
      });
    };
    const lanes: Lane[] = [];
    for (const auth of [...users, users[0]!]) {
      const lane = { auth, bigInFlight: 0, reconnecting: Promise.resolve() } as Lane;
      attach(lane, await connect(server, auth.token));
      lanes.push(lane);
    }

    const emit = (lane: Lane, event: Fuzzed): Promise<void> => {
      const socket = lane.socket;
      stats.sent++;
      if (!event.ack) {
        (socket.emit as (...args: unknown[]) => void)(event.name, ...event.args);
        return Promise.resolve();
      }
      const big = event.frameBytes > MAY_DROP;
      if (big) lane.bigInFlight++;
      return new Promise((resolve) => {
        (socket.timeout(ACK_TIMEOUT_MS).emit as (...args: unknown[]) => void)(
          event.name,
          ...event.args,
          (error: Error | null, reply: unknown) => {
            if (big) lane.bigInFlight--;
            resolve();
            if (error) {
              if (droppedForSize.has(socket)) {
                stats.dropped++;
                if (event.frameBytes > MUST_DROP) stats.oversizedDropped++;
              } else problems.push(`${error.message}: ${preview(event)}`);
              return;
            }
            stats.replies++;
            if (event.frameBytes > MUST_DROP) problems.push(`oversized frame answered instead of refused: ${preview(event)}`);
            if (event.frameBytes > NEAR) stats.nearAnswered++;
            const r = reply as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } } | null;
            if (r?.ok === true && r.data !== undefined) {
              const id = (r.data as { conversation?: { id?: unknown } }).conversation?.id;
              if (typeof id === 'number' && !known.conversationIds.includes(id)) known.conversationIds.push(id);
              codes.ok = (codes.ok ?? 0) + 1;
              return;
            }
            const code = r?.ok === false ? r.error?.code : undefined;
            if (typeof code !== 'string' || !Object.hasOwn(CODES, code) || typeof r?.error?.message !== 'string') {
              problems.push(`malformed ack ${JSON.stringify(reply)?.slice(0, 200)}: ${preview(event)}`);
            } else if (code === 'internal') {
              problems.push(`internal: ${preview(event)}`);
            }
            codes[String(code)] = (codes[String(code)] ?? 0) + 1;
          },
        );
      });
    };

    const deadline = Date.now() + FUZZ_MS;
    const loop = async (lane: Lane) => {
      while (Date.now() < deadline && stats.sent < MAX_EVENTS) {
        if (!lane.socket.connected) {
          await lane.reconnecting;
          if (!lane.socket.connected) return;
          continue;
        }
        await emit(lane, nextEvent()); // the connected check and the emit share a tick: no silent buffering
      }
    };
    await Promise.all(lanes.flatMap((lane) => Array.from({ length: LOOPS_PER_SOCKET }, () => loop(lane))));
    await Promise.all(lanes.map((lane) => lane.reconnecting));
    for (const lane of lanes) lane.socket.close();

    const summary = `seed ${SEED}; ${JSON.stringify(stats)}; codes ${JSON.stringify(codes)}`;
    expect(problems.slice(0, 25), summary).toEqual([]);
    expect(stats.sent, summary).toBeGreaterThan(1_000);
    expect(stats.replies, summary).toBeGreaterThan(500);
    expect(codes.ok ?? 0, summary).toBeGreaterThan(50); // the fuzz reached the core, not just the schemas
  }, 60_000);

  it('answers a fixed corpus of hostile payloads for every event with a stable, non-internal code', async () => {
    const alice = await newClient(server);
    // Objects that only pretend to be strings or arrays: a `length` that cannot be compared, a non-callable toString.
    const impostors: unknown[] = [
      { length: { toString: {} } },
      { length: { valueOf: 1, toString: 1 } },
      { length: 1e9 },
      { length: -1, 0: 'a' },
      { toString: {}, valueOf: {} },
      JSON.parse('{"__proto__":{"length":1}}'),
    ];
    const fields = [
      'conversationId', 'clientId', 'body', 'name', 'topic', 'visibility', 'username', 'userId', 'userIds', 'before',
      'limit', 'seq', 'positions',
    ];
    const payloads: unknown[] = [undefined, null, 0, NaN, 'x', '', true, [], [{}], {}, ...impostors];
    for (const field of fields) for (const impostor of impostors) payloads.push({ conversationId: 1, [field]: impostor });
    payloads.push({ positions: [{ conversationId: 1, lastSeq: { length: { toString: {} } } }] });

    const failures: string[] = [];
    for (const event of [...KNOWN_EVENTS, 'no-such-event']) {
      for (const payload of payloads) {
        const reply = (await (alice.socket.timeout(ACK_TIMEOUT_MS).emitWithAck as (...args: unknown[]) => Promise<unknown>)(
          event,
          payload,
        ).catch((error: Error) => ({ thrown: error.message }))) as { ok?: boolean; error?: { code?: string }; thrown?: string };
        const code = reply.ok ? 'ok' : (reply.error?.code ?? reply.thrown);
        if (code === 'internal' || (!reply.ok && !(typeof code === 'string' && Object.hasOwn(CODES, code)))) {
          failures.push(`${event} ${JSON.stringify(payload)} → ${code}`);
        }
      }
    }
    expect(failures).toEqual([]);

    // At the frame cap: just under is answered, just over closes the connection before anything is parsed.
    const under = { conversationId: 1, clientId: 'near-cap', body: 'n'.repeat(MAX_PAYLOAD_BYTES - 200) };
    expect(await request(alice.socket, 'message:send', under)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const closed = new Promise<string>((resolve) => alice.socket.once('disconnect', resolve));
    const over = request(alice.socket, 'message:send', { ...under, body: 'o'.repeat(MAX_PAYLOAD_BYTES + 1) });
    expect(await closed).toMatch(/^transport (close|error)$/);
    await expect(over).rejects.toThrow('socket has been disconnected');
  });

  it('refuses malformed HTTP bodies on every auth route with a 4xx and a stable code', async () => {
    const auth = await signUp(server);
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const json = 'application/json';
    type Case = { path: string; method?: string; type?: string; body?: string | Uint8Array<ArrayBuffer>; bearer?: boolean };
    const cases: Case[] = [];
    for (const path of ['/api/auth/signup', '/api/auth/signin', '/api/auth/signout', '/api/auth/password']) {
      const bearer = path === '/api/auth/password';
      cases.push(
        { path, type: json, body: '{"username":', bearer },
        { path, type: json, body: '', bearer },
        { path, type: json, body: 'null', bearer },
        { path, type: json, body: '[]', bearer },
        { path, type: json, body: '"text"', bearer },
        { path, type: json, body: '12', bearer },
        { path, type: json, body: '{"username":{"$gt":""},"password":["x"],"currentPassword":1}', bearer },
        { path, type: json, body: '{"__proto__":{"polluted":"yes"},"username":"a","password":"b"}', bearer },
        { path, type: json, body: '{"constructor":{"prototype":{"polluted":"yes"}}}', bearer },
        { path, type: json, body: '{"username":{"length":{"toString":{}}},"password":"xxxxxxxxxx"}', bearer },
        { path, type: json, body: '{"currentPassword":"xxxxxxxxxx","newPassword":{"length":{"valueOf":1,"toString":1}}}', bearer },
        { path, type: json, body: '{"username":"\\ud800abc","password":"\\udc00xxxxxxxx","newPassword":"\\ud800"}', bearer },
        { path, type: json, body: deep, bearer },
        { path, type: json, body: `{"username":"${'u'.repeat(100_000)}"}`, bearer },
        { path, type: json, body: new Uint8Array(1024 * 1024 + 7).fill(0x7b), bearer },
        { path, type: 'text/plain', body: '{"username":"a","password":"b"}', bearer },
        { path, type: 'application/x-www-form-urlencoded', body: 'username=a&password=b', bearer },
        { path, type: 'multipart/form-data; boundary=x', body: '--x\r\n\r\n--x--', bearer },
        { path, type: 'application/json; charset=utf-16', body: '{}', bearer },
        { path, type: json, body: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), bearer },
        { path, method: 'PUT', type: json, body: '{}', bearer },
      );
    }
    cases.push({ path: '/api/auth/me', method: 'DELETE' }, { path: '/api/auth/nope' });

    const failures: string[] = [];
    for (const c of cases) {
      const headers: Record<string, string> = { origin: server.url };
      if (c.type) headers['content-type'] = c.type;
      if (c.bearer) headers.authorization = `Bearer ${auth.token}`;
      const method = c.method ?? (c.body === undefined ? 'GET' : 'POST');
      const response = await fetch(server.url + c.path, { method, headers, body: c.body });
      const text = await response.text();
      let code: unknown;
      try {
        code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
      } catch {
        code = undefined;
      }
      const label = `${method} ${c.path} ${c.type ?? ''} ${String(c.body).slice(0, 60)}`;
      // Sign-out ignores its body, so a well-formed JSON one may succeed; nothing else may.
      if (response.status >= 500 || (response.status < 400 && c.path !== '/api/auth/signout')) {
        failures.push(`${response.status} for ${label}`);
      }
      if (response.status >= 400 && (typeof code !== 'string' || !Object.hasOwn(CODES, code) || code === 'internal')) {
        failures.push(`code ${String(code)} for ${label}`);
      }
    }
    expect(failures).toEqual([]);

    // The 64 KB body cap is ours, not Fastify's 1 MB default.
    const large = await fetch(`${server.url}/api/auth/signin`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': json },
      body: JSON.stringify({ username: 'someone', password: 'p'.repeat(100_000) }),
    });
    expect(large.status).toBe(413);
  });

  it('is still alive, serves a normal request and has no polluted prototypes', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const alice = await newClient(server);
    const { message } = await call(alice.socket, 'message:send', { conversationId: 1, clientId: 'after-fuzz', body: 'still here' });
    expect(message.body).toBe('still here');
    alice.socket.close();

    for (const [name, proto] of PROTOTYPES) {
      expect(Object.getOwnPropertyNames(proto).sort(), name).toEqual(baseline.get(proto));
    }
    const probe = {} as Record<string, unknown>;
    expect([probe.polluted, probe.isAdmin]).toEqual([undefined, undefined]);
  });

  it('leaves the database consistent: contiguous seqs, no orphans, no message from outside a conversation', async () => {
    await server.close(); // a graceful stop checkpoints the WAL; the file is read as the operator would
    const db = new Database(join(dataDir, 'flack.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);

      const sequences = db
        .prepare(
          `SELECT c.id, c.last_seq AS last, count(m.id) AS n, count(DISTINCT m.seq) AS distinct_seqs,
                  coalesce(min(m.seq), 0) AS lo, coalesce(max(m.seq), 0) AS hi
           FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id AND m.thread_id = 0 GROUP BY c.id`,
        )
        .all() as { id: number; last: number; n: number; distinct_seqs: number; lo: number; hi: number }[];
      const broken = sequences.filter(
        (c) => c.n !== c.last || c.distinct_seqs !== c.n || c.hi !== c.last || c.lo !== (c.last ? 1 : 0),
      );
      expect(broken).toEqual([]);
      expect(sequences.reduce((sum, c) => sum + c.n, 0)).toBeGreaterThan(10);
      // Each thread's replies are numbered 1..replyCount, and every change's clock is within its conversation's.
      const threads = db
        .prepare(
          `SELECT r.id, r.reply_count AS last, count(m.id) AS n, count(DISTINCT m.seq) AS distinct_seqs,
                  coalesce(max(m.seq), 0) AS hi
           FROM messages r LEFT JOIN messages m ON m.thread_id = r.id WHERE r.thread_id = 0 GROUP BY r.id`,
        )
        .all() as { id: number; last: number; n: number; distinct_seqs: number; hi: number }[];
      expect(threads.filter((t) => t.n !== t.last || t.distinct_seqs !== t.n || t.hi !== t.last)).toEqual([]);
      const count0 = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count0(`SELECT count(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.clock > c.clock`)).toBe(0);

      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(
        count(`SELECT count(*) AS n FROM members WHERE conversation_id NOT IN (SELECT id FROM conversations)
               OR user_id NOT IN (SELECT id FROM users)`),
      ).toBe(0);
      expect(
        count(`SELECT count(*) AS n FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations)
               OR author_id NOT IN (SELECT id FROM users)`),
      ).toBe(0);
      expect(count('SELECT count(*) AS n FROM sessions WHERE user_id NOT IN (SELECT id FROM users)')).toBe(0);
      expect(
        count(`SELECT count(*) AS n FROM members m JOIN conversations c ON c.id = m.conversation_id
               WHERE m.last_read_seq < 0 OR m.last_read_seq > c.last_seq`),
      ).toBe(0);
      // An author must have belonged to the conversation: a DM member, the channel's creator, or someone who joined.
      // (Timing is not checked: a join notice may legitimately be stored just after the joiner's first message.)
      const foreign = db
        .prepare(
          `SELECT m.id, m.conversation_id, m.author_id, m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id
           WHERE m.kind = 'user'
             AND NOT EXISTS (SELECT 1 FROM members x WHERE x.conversation_id = m.conversation_id AND x.user_id = m.author_id)
             AND NOT (c.kind != 'dm' AND c.created_by = m.author_id)
             AND NOT (c.kind != 'dm' AND EXISTS (SELECT 1 FROM messages j WHERE j.conversation_id = m.conversation_id
               AND j.author_id = m.author_id AND j.kind = 'system' AND j.body = 'joined the channel'))
             AND NOT (c.kind = 'dm' AND EXISTS (SELECT 1 FROM messages j WHERE j.conversation_id = m.conversation_id
               AND j.author_id = m.author_id AND j.kind = 'system' AND j.body = 'left the conversation'))`,
        )
        .all();
      expect(foreign).toEqual([]);
      const dms = db
        .prepare(
          `SELECT c.id, c.dm_key, c.name_key, group_concat(m.user_id) AS members, count(m.user_id) AS n
           FROM conversations c LEFT JOIN (SELECT * FROM members ORDER BY user_id) m ON m.conversation_id = c.id
           WHERE c.kind = 'dm' GROUP BY c.id`,
        )
        .all() as { id: number; dm_key: string; name_key: string | null; members: string; n: number }[];
      // A DM's key is its members, until someone leaves it (then it has none, and the same people start anew).
      expect(dms.filter((d) => (d.dm_key !== null && d.dm_key !== d.members) || d.name_key !== null || d.n < 2 || d.n > 8)).toEqual([]);
      const channels = db.prepare(`SELECT id, kind, name, name_key FROM conversations WHERE kind != 'dm'`).all() as {
        kind: 'public' | 'private';
        name: string;
        name_key: string | null;
      }[];
      // Only public channels reserve their names.
      expect(channels.filter((c) => c.name_key !== (c.kind === 'public' ? c.name.toLowerCase() : null))).toEqual([]);
    } finally {
      db.close();
    }
  });
});
