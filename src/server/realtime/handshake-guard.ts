// What an Engine.IO connection may do before Flack knows who it is. A connection opens with a handshake and only
// later (the Socket.IO CONNECT packet) presents its session: until then it is "pending". Two holes are closed here:
// - one address holding thousands of pending connections: at most MAX_PENDING_PER_IP at once, and each must
//   authenticate within CONNECT_TIMEOUT_MS (socket-server.ts) or be closed;
// - a polling session's `sid` working as a credential on its own (a sid leaked in a proxy log): every later
//   request of that session must come from an allowed Origin with the same session cookie as its handshake.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie } from 'cookie';
import { SESSION_COOKIE } from '../../shared/protocol.js';
import { isAllowedOrigin, type OriginPolicy } from '../http/origin.js';
import type { FlackServer } from './fanout.js';

// Room for an office behind one NAT reconnecting at once (each is pending only until its CONNECT, milliseconds),
// not for an attacker's thousands. Behind a proxy, set TRUST_PROXY so this counts real client addresses.
export const MAX_PENDING_PER_IP = 256;

interface EngineSocket {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): void;
}

/** The client's address: the first X-Forwarded-For entry behind a trusted proxy, else the TCP peer. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  return forwarded || req.socket.remoteAddress || 'unknown';
}

const sessionCookie = (req: IncomingMessage) => {
  const header = req.headers.cookie;
  return header ? (parseCookie(header)[SESSION_COOKIE] ?? null) : null;
};

export class HandshakeGuard {
  private readonly pending = new Map<string, number>();
  private readonly pendingIp = new WeakMap<object, string>();

  constructor(
    private readonly origins: OriginPolicy,
    private readonly trustProxy: boolean,
  ) {}

  /** Engine.IO's allowRequest: handshakes only. */
  allowHandshake(req: IncomingMessage): boolean {
    if (!isAllowedOrigin(this.origins, req)) return false;
    return (this.pending.get(clientIp(req, this.trustProxy)) ?? 0) < MAX_PENDING_PER_IP;
  }

  attach(io: FlackServer): void {
    io.engine.on('connection', (socket: EngineSocket) => {
      const ip = clientIp(socket.request, this.trustProxy);
      this.pending.set(ip, (this.pending.get(ip) ?? 0) + 1);
      this.pendingIp.set(socket, ip);
      socket.once('close', () => this.authenticated(socket));
    });
    io.engine.use((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
      const sid = new URL(req.url ?? '/', 'http://flack').searchParams.get('sid');
      const clients = (io.engine as unknown as { clients: Record<string, EngineSocket | undefined> }).clients;
      const session = sid ? clients[sid] : undefined;
      if (session && (!isAllowedOrigin(this.origins, req) || sessionCookie(req) !== sessionCookie(session.request))) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
        return;
      }
      next();
    });
  }

  /** The connection presented a valid session (or closed): it no longer counts as pending. */
  authenticated(engineSocket: object): void {
    const ip = this.pendingIp.get(engineSocket);
    if (ip === undefined) return;
    this.pendingIp.delete(engineSocket);
    const left = (this.pending.get(ip) ?? 1) - 1;
    if (left > 0) this.pending.set(ip, left);
    else this.pending.delete(ip);
  }
}
