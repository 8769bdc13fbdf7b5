// The protections in docs/SECURITY.md, each attacked from outside: cross-site pages, stolen databases,
// forged authorship, brute force and floods. Each test fails if its protection is removed.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_PENDING_PER_IP } from '../../src/server/realtime/handshake-guard.js';
import { RULES } from '../../src/server/rate-limit.js';
import { PROTOCOL_VERSION, SESSION_COOKIE, type AuthReply } from '../../src/shared/protocol.js';
import {
  call,
  connect,
  newClient,
  PASSWORD,
  postJson,
  request,
  signUp,
  sleep,
  startTestServer,
  uniqueName,
  type ClientSocket,
  type TestServer,
} from '../helpers/flack.js';

const EVIL = 'https://evil.example';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ passwordCost: undefined }); // the real work factor, which a test checks
});
afterAll(() => server.close());

/** Resolves 'connected' or the connect_error message; never retries. */
function handshake(url: string, options: Partial<ManagerOptions & SocketOptions> & { origin?: string }): Promise<string> {
  const socket = io(url, { reconnection: false, forceNew: true, ...options });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, so that exactly the given headers are sent (fetch may add its own). */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const openDb = (s: TestServer) => new Database(join(s.config.dataDir, 'flack.db'), { readonly: true, fileMustExist: true });
const cookieOf = (token: string) => `${SESSION_COOKIE}=${token}`;
const isSignedIn = async (token: string) =>
  (await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status === 200;

describe('the Socket.IO handshake', () => {
  it('refuses a foreign Origin on the WebSocket transport, whether sent as a header or as the ws origin', async () => {
    const { token } = await signUp(server);
    const base = { transports: ['websocket'], auth: { token } };
    expect(await handshake(server.url, { ...base, extraHeaders: { origin: EVIL } })).toBe('websocket error');
    expect(await handshake(server.url, { ...base, origin: EVIL })).toBe('websocket error');
    expect(await handshake(server.url, { ...base, extraHeaders: { origin: 'null' } })).toBe('websocket error');
    expect(await handshake(server.url, { ...base, extraHeaders: { origin: server.url } })).toBe('connected');
  });

  it('refuses a foreign Origin on the polling transport, and sends no CORS grant', async () => {
    const { token } = await signUp(server);
    const base = { transports: ['polling'], auth: { token } };
    expect(await handshake(server.url, { ...base, extraHeaders: { origin: EVIL } })).toBe('xhr poll error');
    expect(await handshake(server.url, { ...base, extraHeaders: { origin: server.url } })).toBe('connected');

    const foreign = await raw(server.url, 'GET', '/socket.io/?EIO=4&transport=polling', { origin: EVIL });
    expect(foreign.status).toBe(403);
    const own = await raw(server.url, 'GET', '/socket.io/?EIO=4&transport=polling', { origin: server.url });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    const api = await raw(server.url, 'GET', '/api/auth/me', { origin: EVIL, authorization: `Bearer ${token}` });
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a handshake without a valid session with `unauthorized`', async () => {
    const auth = await signUp(server);
    await postJson(server.url, '/api/auth/signout', {}, { authorization: `Bearer ${auth.token}` });
    const attempts = [
      {},
      { auth: { token: '' } },
      { auth: { token: 'x'.repeat(43) } },
      { auth: { token: auth.token } }, // signed out
      { auth: { token: 42 } },
      { extraHeaders: { cookie: cookieOf('forged') } },
      { extraHeaders: { cookie: cookieOf(auth.token) } },
    ];
    for (const options of attempts) {
      expect(await handshake(server.url, { transports: ['websocket'], ...(options as object) }), JSON.stringify(options)).toBe(
        'unauthorized',
      );
    }
  });

  it('tells a client of another protocol version to reload, and lets bots that name none in', async () => {
    const auth = await signUp(server);
    const cookie = { extraHeaders: { cookie: cookieOf(auth.token) } };
    const cases: [object, string][] = [
      [{ ...cookie, auth: { protocolVersion: PROTOCOL_VERSION } }, 'connected'],
      [cookie, 'protocol_mismatch'], // a web app from before versions were sent
      [{ ...cookie, auth: { protocolVersion: PROTOCOL_VERSION - 1 } }, 'protocol_mismatch'],
      [{ auth: { token: auth.token } }, 'connected'],
      [{ auth: { token: auth.token, protocolVersion: PROTOCOL_VERSION + 1 } }, 'protocol_mismatch'],
      [{ auth: { token: auth.token, protocolVersion: String(PROTOCOL_VERSION) } }, 'protocol_mismatch'],
    ];
    for (const [options, outcome] of cases) {
      expect(await handshake(server.url, { transports: ['websocket'], ...options }), JSON.stringify(options)).toBe(outcome);
    }
  });
});

describe('connections that have not authenticated', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startTestServer({ trustProxy: true }); // each test speaks from its own address (X-Forwarded-For)
  });
  afterAll(() => proxied.close());

  /** A raw Engine.IO WebSocket that never sends Socket.IO's CONNECT: open, or refused at the handshake. */
  const idleSocket = (ip: string) =>
    new Promise<WebSocket | null>((resolve) => {
      const ws = new WebSocket(`${proxied.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
        headers: { 'x-forwarded-for': ip },
      });
      ws.once('message', () => resolve(ws));
      ws.once('error', () => resolve(null));
      ws.once('unexpected-response', () => resolve(null));
    });

  it('lets one address hold only so many, and frees a place when one closes', async () => {
    const opened = [];
    for (let i = 0; i < MAX_PENDING_PER_IP + 5; i++) opened.push(await idleSocket('10.7.0.1'));
    const held = opened.filter((ws): ws is WebSocket => ws !== null);
    expect(held).toHaveLength(MAX_PENDING_PER_IP);
    expect(await idleSocket('10.7.0.2')).not.toBeNull(); // someone else is unaffected
    const closed = new Promise((resolve) => held[0]!.once('close', resolve));
    held[0]!.close();
    await closed;
    const again = await eventuallyOpen('10.7.0.1');
    expect(again).not.toBeNull();
    for (const ws of [...held, again]) ws?.terminate();
  });

  const eventuallyOpen = async (ip: string) => {
    for (let i = 0; i < 50; i++) {
      const ws = await idleSocket(ip);
      if (ws) return ws;
      await sleep(20);
    }
    return null;
  };

  it('does not take a polling sid alone as a credential: later requests need the handshake’s cookie and an allowed Origin', async () => {
    const { token } = await signUp(proxied);
    const headers = { cookie: cookieOf(token), origin: proxied.url };
    const open = await raw(proxied.url, 'GET', '/socket.io/?EIO=4&transport=polling', headers);
    const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
    const path = `/socket.io/?EIO=4&transport=polling&sid=${sid}`;
    expect((await raw(proxied.url, 'POST', path, { 'content-type': 'text/plain', origin: proxied.url }, '40')).status).toBe(403);
    expect((await raw(proxied.url, 'POST', path, { ...headers, 'content-type': 'text/plain', origin: EVIL }, '40')).status).toBe(403);
    expect((await raw(proxied.url, 'POST', path, { ...headers, 'content-type': 'text/plain' }, `40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION })}`)).status).toBe(200);
    const answer = await raw(proxied.url, 'GET', path, headers);
    expect(answer.body).toMatch(/^40/); // connected with the handshake's session
  });
});

describe('secrets at rest', () => {
  it('stores only the SHA-256 of each session token', async () => {
    const auth = await signUp(server);
    const db = openDb(server);
    try {
      const rows = db.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[];
      expect(JSON.stringify(rows)).not.toContain(auth.token);
      const hash = createHash('sha256').update(auth.token).digest('base64url');
      expect(rows.filter((row) => row.token_hash === hash)).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('hashes passwords with scrypt and a fresh salt, so equal passwords do not look equal', async () => {
    const a = await signUp(server);
    const b = await signUp(server);
    const db = openDb(server);
    try {
      const hashOf = db.prepare<[number], { password_hash: string }>('SELECT password_hash FROM users WHERE id = ?');
      const hashes = [a, b].map((auth) => hashOf.get(auth.user.id)!.password_hash);
      const parts = hashes.map((hash) => {
        const [scheme, n, r, p, salt, key] = hash.split('$');
        return { scheme, n: Number(n), r: Number(r), p: Number(p), salt: Buffer.from(salt ?? '', 'base64'), key: key ?? '' };
      });
      for (const part of parts) {
        expect(part.scheme).toBe('scrypt');
        expect(part.n).toBeGreaterThanOrEqual(2 ** 15); // RFC 7914 interactive-login cost
        expect(part.r).toBeGreaterThanOrEqual(8);
        expect(part.salt.length).toBeGreaterThanOrEqual(16);
      }
      expect(parts[0]!.salt.equals(parts[1]!.salt)).toBe(false);
      expect(parts[0]!.key).not.toBe(parts[1]!.key);
      expect(hashes.join()).not.toContain(PASSWORD);
    } finally {
      db.close();
    }
  });
});

describe('sessions and authorship', () => {
  it("signing out closes that session's live sockets within a second, and no other session's", async () => {
    const auth = await signUp(server);
    const other = await postJson<AuthReply>(server.url, '/api/auth/signin', { username: auth.user.username, password: PASSWORD });
    const doomed = [await connect(server, auth.token), await connect(server, auth.token)];
    const survivor = await connect(server, other.body.token);
    const closed = doomed.map((socket) => new Promise<number>((resolve) => socket.once('disconnect', () => resolve(Date.now()))));
    const started = Date.now();
    const out = await raw(server.url, 'POST', '/api/auth/signout', { cookie: cookieOf(auth.token), origin: server.url });
    expect(out.status).toBe(204);
    const times = await Promise.race([Promise.all(closed), sleep(1_000).then(() => null)]);
    expect(times, 'sockets still open 1 s after sign-out').not.toBeNull();
    for (const at of times ?? []) expect(at - started).toBeLessThan(1_000);
    expect(survivor.connected).toBe(true);
    expect((await call(survivor, 'state', {})).me.id).toBe(auth.user.id);
    survivor.close();
  });

  it('ignores sender, authorId, authorName and other server fields in message:send', async () => {
    const alice = await newClient(server);
    const bob = await newClient(server);
    const forged = {
      conversationId: 1,
      clientId: 'forged-1',
      body: 'trust me',
      sender: bob.user.id,
      authorId: bob.user.id,
      authorName: bob.user.username,
      kind: 'system',
      id: 1,
      seq: 999_999,
      createdAt: 0,
    };
    const { message } = await call(alice.socket, 'message:send', forged as never);
    expect(message).toMatchObject({ authorId: alice.user.id, authorName: alice.user.username, kind: 'user', clientId: 'forged-1' });
    expect(message.seq).not.toBe(999_999);
    expect(message.createdAt).toBeGreaterThan(0);
    const db = openDb(server);
    try {
      expect(db.prepare('SELECT author_id, kind FROM messages WHERE id = ?').get(message.id)).toEqual({
        author_id: alice.user.id,
        kind: 'user',
      });
    } finally {
      db.close();
    }
    alice.socket.close();
    bob.socket.close();
  });
});

describe('HTTP hardening', () => {
  function csp(header: string | null): Map<string, string[]> {
    const directives = new Map<string, string[]>();
    for (const part of (header ?? '').split(';')) {
      const [name, ...values] = part.trim().split(/\s+/);
      if (name) directives.set(name.toLowerCase(), values);
    }
    return directives;
  }

  it('sends a strict CSP, no framing, nosniff and a referrer policy on the page, the API and Socket.IO polling', async () => {
    const auth = await signUp(server);
    // Engine.IO answers polling requests on the raw Node server, outside Fastify's routes.
    const polling = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const handshake = await fetch(polling);
    const { sid } = JSON.parse((await handshake.clone().text()).slice(1)) as { sid: string };
    const post = await fetch(`${polling}&sid=${sid}`, { method: 'POST', body: `40${JSON.stringify({ token: auth.token })}` });
    const responses = {
      page: await fetch(`${server.url}/`),
      'me (signed in)': await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${auth.token}` } }),
      'me (anonymous)': await fetch(`${server.url}/api/auth/me`),
      'polling handshake': handshake,
      'polling POST': post,
      'polling GET': await fetch(`${polling}&sid=${sid}`),
      'polling error (unknown sid)': await fetch(`${polling}&sid=not-a-session`),
    };
    expect([post.status, responses['polling error (unknown sid)'].status]).toEqual([200, 400]);
    for (const [name, response] of Object.entries(responses)) {
      const policy = csp(response.headers.get('content-security-policy'));
      const scripts = policy.get('script-src') ?? policy.get('default-src');
      expect(scripts, `${name}: script-src`).toBeDefined();
      for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
        expect(scripts, `${name}: script-src`).not.toContain(unsafe);
      }
      expect(policy.get('frame-ancestors'), name).toEqual(["'none'"]);
      expect(policy.get('object-src'), name).toEqual(["'none'"]);
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']).toContain(
        response.headers.get('referrer-policy'),
      );
    }
  });

  it('refuses cookie-authenticated POSTs that do not prove they are same-origin (CSRF, deny by default)', async () => {
    const auth = await signUp(server);
    const cookie = cookieOf(auth.token);
    const json = { 'content-type': 'application/json' };
    const change = JSON.stringify({ currentPassword: PASSWORD, newPassword: 'attacker chose this' });
    const refused: [string, Record<string, string>, string?][] = [
      ['/api/auth/signout', { cookie }],
      ['/api/auth/signout', { cookie, 'sec-fetch-site': 'cross-site' }],
      ['/api/auth/signout', { cookie, 'sec-fetch-site': 'same-site' }],
      ['/api/auth/signout', { cookie, 'sec-fetch-site': 'none' }],
      ['/api/auth/signout', { cookie, origin: 'null' }],
      ['/api/auth/signout', { cookie, origin: `${server.url}.evil.example` }],
      ['/api/auth/password', { cookie, ...json }, change],
      ['/api/auth/password', { cookie, ...json, 'sec-fetch-site': 'cross-site' }, change],
    ];
    for (const [path, headers, body] of refused) {
      const reply = await raw(server.url, 'POST', path, headers, body);
      expect(reply.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(await isSignedIn(auth.token)).toBe(true);
    const signIn = JSON.stringify({ username: auth.user.username, password: PASSWORD });
    // Login CSRF: a cross-site page may not sign the browser in (bots, with neither cookie nor Origin, may).
    expect((await raw(server.url, 'POST', '/api/auth/signin', { ...json, origin: EVIL }, signIn)).status).toBe(403);
    expect((await raw(server.url, 'POST', '/api/auth/signup', { ...json, origin: EVIL }, signIn)).status).toBe(403);
    expect((await raw(server.url, 'POST', '/api/auth/signin', { ...json, cookie }, signIn)).status).toBe(403);

    // What a same-origin fetch from our own page looks like is accepted.
    const own = await raw(server.url, 'POST', '/api/auth/signout', { cookie, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(204);
    expect(await isSignedIn(auth.token)).toBe(false);
  });
});

describe('amplification', () => {
  it('answers a sync that names one conversation many times with each missing message once', async () => {
    const alice = await newClient(server);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('echo'), visibility: 'public' });
    for (let i = 0; i < 5; i++) {
      await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: `echo${i}`, body: 'x' });
    }
    const positions = Array.from({ length: 1_000 }, () => ({ conversationId: conversation.id, clock: 0 }));
    const reply = await request(alice.socket, 'sync', { positions });
    // Either refused as invalid, or deduplicated: 1,000 copies of one conversation must not cost 1,000 reads.
    if (reply.ok) {
      const messages = reply.data.changes.flatMap((batch) => batch.messages);
      expect(messages.length, 'messages in the reply').toBe(5);
      expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    }
    else expect(reply.error.code).toBe('invalid');
    alice.socket.close();
  });
});

describe('rate limits and caps', () => {
  let limited: TestServer;
  beforeAll(async () => {
    // trustProxy lets each test speak from its own client IP (X-Forwarded-For), so the IP buckets stay independent.
    limited = await startTestServer({ rateLimits: true, trustProxy: true });
  });
  afterAll(() => limited.close());

  const signUpFrom = (ip: string, username = uniqueName()) =>
    postJson<AuthReply & { error?: { code: string } }>(limited.url, '/api/auth/signup', { username, password: PASSWORD }, {
      'x-forwarded-for': ip,
    });
  const signInFrom = (ip: string, username: string, password: string) =>
    postJson<{ error?: { code: string; retryAfterMs?: number } }>(limited.url, '/api/auth/signin', { username, password }, {
      'x-forwarded-for': ip,
    });

  it('charges sync by the conversations it names, so a user cannot buy a thousand lookups with one token', async () => {
    const auth = await signUpFrom('10.1.0.9');
    const socket = await connect(limited, auth.body.token);
    const positions = Array.from({ length: 1000 }, (_, i) => ({ conversationId: 1_000_000 + i, clock: 0 }));
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push(await request(socket, 'sync', { positions }).then((r) => (r.ok ? 'ok' : r.error.code)));
    // 120 tokens at once, 101 per sync of 1,000: one goes through, then one every ~3 s.
    expect(codes).toEqual(['ok', 'rate_limited', 'rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
    expect((await request(socket, 'sync', { positions: positions.slice(0, 5) })).ok).toBe(true); // small ones still fit
    socket.close();
  });

  it("throttles one user's message flood with retryAfterMs while another user's sends still succeed", async () => {
    const alice = await signUpFrom('10.1.0.1');
    const bob = await signUpFrom('10.1.0.2');
    const [aliceSocket, bobSocket] = [await connect(limited, alice.body.token), await connect(limited, bob.body.token)];
    const flood = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        request(aliceSocket, 'message:send', { conversationId: 1, clientId: `flood${i}`, body: `flood ${i}` }),
      ),
    );
    const throttled = flood.filter((reply) => !reply.ok);
    expect(throttled.length).toBeGreaterThanOrEqual(20);
    for (const reply of throttled) {
      expect(reply.ok ? null : reply.error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
      expect(reply.ok ? 0 : reply.error.retryAfterMs).toBeGreaterThan(0);
    }
    for (let i = 0; i < 5; i++) {
      await call(bobSocket, 'message:send', { conversationId: 1, clientId: `calm${i}`, body: 'still fine' });
    }
    aliceSocket.close();
    bobSocket.close();
  });

  it('throttles sign-in per username from any IP: the 11th wrong attempt gets 429 with Retry-After', async () => {
    const victim = (await signUpFrom('10.2.0.1')).body.user.username;
    for (let i = 1; i <= 10; i++) {
      // Letter case and source IP vary: neither escapes the per-username bucket.
      const name = i % 2 ? victim.toUpperCase() : victim;
      const attempt = await signInFrom(`10.2.1.${i}`, name, `wrong guess ${i}`);
      expect(attempt.status, `attempt ${i}`).toBe(401);
    }
    const eleventh = await signInFrom('10.2.1.11', victim, PASSWORD); // even the right password waits
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error?.code).toBe('rate_limited');
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('throttles sign-in attempts per IP across usernames', async () => {
    const ip = '10.3.0.1';
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signInFrom(ip, uniqueName('ghost'), `guess ${i} ${'x'.repeat(8)}`)),
    );
    expect(attempts.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 401));
    const next = await signInFrom(ip, uniqueName('ghost'), 'one more guess');
    expect(next.status).toBe(429);
    expect(next.body.error?.code).toBe('rate_limited');
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signInFrom('10.3.0.2', uniqueName('ghost'), 'another ip')).status).toBe(401);
  });

  it('counts only the accounts an address created: typos are not sign-ups, but they have a limit of their own', async () => {
    const office = '10.4.0.1';
    for (let i = 0; i < 5; i++) expect((await signUpFrom(office, `bad name ${i}`)).status).toBe(400);
    expect((await signUpFrom(office, 'short-password-x')).status).toBe(201);
    const taken = await postJson<{ error?: { code: string } }>(limited.url, '/api/auth/signup', { username: 'short-password-x', password: PASSWORD }, {
      'x-forwarded-for': office,
    });
    expect(taken.body.error?.code).toBe('username_taken');
    const { burst } = RULES.signUpPerIp;
    for (let i = 1; i < burst; i++) expect((await signUpFrom(office)).status, `sign-up ${i + 1}`).toBe(201);
    const over = await signUpFrom(office);
    expect(over.status).toBe(429);
    expect(over.body.error?.code).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signUpFrom('10.4.0.2')).status).toBe(201);

    const typist = '10.4.0.3';
    const codes = [];
    for (let i = 0; i < RULES.signUpFailuresPerIp.burst + 3; i++) codes.push((await signUpFrom(typist, `bad name ${i}`)).status);
    expect(codes.filter((c) => c === 400)).toHaveLength(RULES.signUpFailuresPerIp.burst);
    expect(codes.slice(-3)).toEqual([429, 429, 429]);
  }, 60_000);

  it('refuses more than 20 sockets for one user, however they arrive, and frees a slot when one closes', async () => {
    const { body: auth } = await signUpFrom('10.5.0.1');
    const burst = await Promise.allSettled(Array.from({ length: 26 }, () => connect(limited, auth.token)));
    const open = burst.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(open).toHaveLength(20);
    for (const result of burst) {
      if (result.status === 'rejected') expect((result.reason as Error).message).toBe('rate_limited');
    }
    await expect(connect(limited, auth.token)).rejects.toThrow('rate_limited');

    const [first, ...rest] = open as [ClientSocket, ...ClientSocket[]];
    first.close();
    let again: ClientSocket | undefined;
    for (let attempt = 0; attempt < 20 && !again; attempt++) {
      await sleep(25); // the server counts the close once it notices it
      again = await connect(limited, auth.token).catch(() => undefined);
    }
    expect(again?.connected).toBe(true);
    for (const socket of [...rest, again!]) socket.close();
  });
});
