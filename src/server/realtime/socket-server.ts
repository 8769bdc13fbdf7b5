// The Socket.IO edge: refuse foreign origins and unauthenticated handshakes, then for every event:
// rate limit → validate (schema) → call the core → acknowledge. Nothing here knows a domain rule.
import type { IncomingMessage } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import { FlackError } from '../../core/errors.js';
import type { Flack } from '../../core/flack.js';
import { hashToken } from '../../core/tokens.js';
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/protocol.js';
import { readSessionToken } from '../http/session-cookie.js';
import type { RateLimiter, RuleName } from '../rate-limit.js';
import { BROWSERS_ROOM, conversationRoom, sessionRoom, userRoom, type FlackServer, type SocketData } from './fanout.js';
import { can } from '../../shared/roles.js';
import { validate } from '../validate.js';
import { HANDLERS, type SocketSession } from './handlers.js';
import type { PresenceTracker } from './presence.js';
import type { PresenceBroadcast } from './presence-broadcast.js';
import type { PresenceWatchers } from './presence-watch.js';
import { bounded } from './bounded.js';
import type { HandshakeGuard } from './handshake-guard.js';
import type { OutboundBudget } from './outbound-budget.js';
import { EVENT_SCHEMAS, isEventName } from './schemas.js';

export const MAX_SOCKETS_PER_USER = 20;
/** Socket.IO messages larger than this close the connection (Engine.IO maxHttpBufferSize). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

type FlackSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketServerDeps {
  flack: Flack;
  presence: PresenceTracker;
  presenceBroadcast: PresenceBroadcast;
  watchers: PresenceWatchers;
  limiter: RateLimiter;
  budget: OutboundBudget;
  guard: HandshakeGuard;
  log: Logger;
  onEvent?: (event: string, ms: number) => void;
  /** Config.sessionRecheckMs. */
  sessionRecheckMs: number;
}

/** A connection that has not presented a session by then is closed (Socket.IO's default is 45 s). */
export const CONNECT_TIMEOUT_MS = 10_000;

export function createSocketServer(http: HttpServer, guard: HandshakeGuard): FlackServer {
  const io: FlackServer = new Server(http, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    perMessageDeflate: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Browsers always send Origin on WebSocket and cross-site requests; refusing a foreign one stops
    // cross-site WebSocket hijacking with the user's cookie. Non-browser clients send none and use tokens.
    // One address may hold only so many connections that have not authenticated yet (handshake-guard.ts).
    allowRequest: (req: IncomingMessage, callback) => callback(null, guard.allowHandshake(req)),
    serveClient: false,
  });
  guard.attach(io);
  return io;
}

/** Authenticate every handshake, then serve the client events of each connected socket. */
export function attachSocketHandlers(io: FlackServer, deps: SocketServerDeps): void {
  io.use(async (socket, next) => {
    try {
      const token = readSessionToken(socket.request.headers.cookie, socket.handshake.auth);
      const user = token ? await deps.flack.authenticate(token) : null;
      if (!user || !token) return next(new Error('unauthorized'));
      if (!speaksOurProtocol(socket.handshake.auth, socket.request.headers.cookie)) return next(new Error('protocol_mismatch'));
      if (deps.presence.socketsOf(user.id) >= MAX_SOCKETS_PER_USER) return next(new Error('rate_limited'));
      socket.data.user = user;
      socket.data.tokenHash = hashToken(token);
      socket.data.sessionCheckedAt = Date.now();
      deps.guard.authenticated(socket.conn);
      next();
    } catch (error) {
      deps.log.error({ err: error }, 'socket authentication failed');
      next(new Error('internal'));
    }
  });

  io.on('connection', (socket) => void onConnection(io, socket, deps));
}

async function onConnection(io: FlackServer, socket: FlackSocket, deps: SocketServerDeps): Promise<void> {
  const { user, tokenHash } = socket.data;
  let counted = false;
  socket.on('disconnect', async () => {
    deps.watchers.drop(socket);
    if (counted && (await deps.presence.disconnected(user.id))) deps.presenceBroadcast.announce(user.id, false);
  });
  // Join the user's room first: a membership granted from now on reaches this socket through it. Events wait
  // until the conversation rooms are joined, so nothing broadcast after a `sync` reply can slip past this socket.
  socket.join([userRoom(user.id), sessionRoom(tokenHash), ...(can(user.role, 'browseChannels') ? [BROWSERS_ROOM] : [])]);
  const ready = deps.flack.memberConversationIds(user.id).then((ids) => {
    socket.join(ids.map(conversationRoom));
  });
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (isEventName(event)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') ack(failure(new FlackError('invalid', 'Unknown event')));
  });
  const expensive = bounded(EXPENSIVE_AT_ONCE);
  const session: SocketSession = {
    tokenHash,
    userAgent: (socket.handshake.headers['user-agent'] ?? '').slice(0, 256),
    watchPresence: (userIds) => {
      if (socket.connected) deps.watchers.set(socket, userIds);
      return deps.flack.presenceOf(userIds);
    },
  };
  for (const event of Object.keys(EVENT_SCHEMAS)) {
    if (!isEventName(event)) continue;
    const run = EXPENSIVE.has(event) ? expensive : (task: () => Promise<void>) => task();
    socket.on(event, (...args: unknown[]) => void ready.then(() => run(() => handle(socket, session, deps, event, args))));
  }
  try {
    await ready;
  } catch (error) {
    deps.log.error({ err: error }, 'joining conversation rooms failed');
    socket.disconnect(true);
    return;
  }
  if (!socket.connected) return;
  counted = true;
  if (await deps.presence.connected(user.id)) deps.presenceBroadcast.announce(user.id, true);
}

/**
 * A tab left open across an upgrade would misread the new events: it is told to reload instead. The web app
 * (cookie auth) always says which version it speaks; bots (token auth) may, and are refused when it is not ours.
 */
function speaksOurProtocol(auth: unknown, cookie: string | undefined): boolean {
  const { protocolVersion, token } = (auth ?? {}) as { protocolVersion?: unknown; token?: unknown };
  if (protocolVersion !== undefined) return protocolVersion === PROTOCOL_VERSION;
  return typeof token === 'string' || cookie === undefined;
}

/** Events whose replies can be large or whose work grows with the workspace: at most two at once per socket. */
const EXPENSIVE = new Set<string>([
  'state', 'channels:browse', 'history', 'thread:history', 'threads:list', 'sync', 'conversation:members',
  'users:get', 'users:search', 'presence:watch', 'search', 'admin:users', 'admin:invites', 'admin:audit',
  // Waits for another server's answer: a socket holds at most two of these at once.
  'command:run',
]);
const EXPENSIVE_AT_ONCE = 2;

const CHANGES = new Set<string>(['message:edit', 'message:delete', 'reaction:add', 'reaction:remove']);

/** Topic and name changes post notices: they are charged like messages. */
function bucketOf(event: keyof typeof EVENT_SCHEMAS): RuleName {
  if (event === 'message:send' || event === 'channel:update' || event === 'channel:archive' || event === 'command:run') return 'message';
  if (event === 'channel:create') return 'channelCreate';
  return CHANGES.has(event) ? 'change' : 'event';
}

/**
 * Rate limits are charged by what a request costs, not one token per event: a `sync` naming 1,000 conversations
 * does up to 1,000 lookups, so it takes 1 token per 10 of them (100 of the 120 a user holds).
 */
function costOf(event: keyof typeof EVENT_SCHEMAS, input: unknown): number {
  if (event === 'sync') return 1 + Math.floor((input as { positions: unknown[] }).positions.length / 10);
  if (event === 'users:get') return 1 + Math.floor((input as { ids: unknown[] }).ids.length / 25);
  if (event === 'presence:watch') return 1 + Math.floor((input as { userIds: unknown[] }).userIds.length / 50);
  if (event === 'search') return SEARCH_COST;
  if (PAGED.has(event)) return 2;
  return 1;
}

/** A search reads an index and up to 51 messages: it costs twice a page of history (7 a second once the bucket is dry). */
const SEARCH_COST = 4;

const PAGED = new Set<string>([
  'history', 'thread:history', 'threads:list', 'users:search', 'channels:browse', 'conversation:members',
  'admin:users', 'admin:invites', 'admin:audit',
]);

function failure(error: FlackError): Ack<never> {
  return { ok: false, error: error.toApiError() };
}

async function handle(socket: FlackSocket, session: SocketSession, deps: SocketServerDeps, event: keyof typeof EVENT_SCHEMAS, args: unknown[]) {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as (reply: Ack<unknown>) => void) : undefined;
  const payload = ack ? args.slice(0, -1)[0] : args[0];
  const started = performance.now();
  try {
    if (!socket.connected) return; // closed while this waited its turn: nobody to answer
    if (Date.now() - socket.data.sessionCheckedAt >= deps.sessionRecheckMs) {
      socket.data.sessionCheckedAt = Date.now();
      if (!(await deps.flack.sessionUser(socket.data.tokenHash))) {
        socket.disconnect(true);
        return;
      }
    }
    // One token before anything else, so a flood is refused before its payloads are even parsed; the rest of
    // what the request costs once its size is known.
    const bucket = bucketOf(event);
    await deps.limiter.take(bucket, String(socket.data.user.id));
    const input = validate(EVENT_SCHEMAS[event], payload);
    const rest = costOf(event, input) - 1;
    if (rest > 0) await deps.limiter.take(bucket, String(socket.data.user.id), rest);
    if (!socket.connected) return; // closed meanwhile (e.g. over its outbound budget): its queued requests go too
    const handler = HANDLERS[event] as (flack: Flack, user: SocketData['user'], input: unknown, session: SocketSession) => Promise<unknown>;
    const data = await handler(deps.flack, socket.data.user, input, session);
    ack?.({ ok: true, data });
    deps.budget.enforce(socket);
  } catch (error) {
    if (error instanceof FlackError) {
      ack?.(failure(error));
    } else {
      deps.log.error({ err: error, event }, 'event handler failed');
      ack?.(failure(new FlackError('internal', 'Something went wrong')));
    }
  } finally {
    deps.onEvent?.(event, performance.now() - started);
  }
}
