// Where a request's session token comes from: the HttpOnly cookie (browsers) or a bearer token (bots).
import { parseCookie } from 'cookie';
import { SESSION_COOKIE } from '../../shared/protocol.js';

export function readSessionToken(cookieHeader: string | undefined, auth?: unknown): string | null {
  if (auth && typeof auth === 'object' && typeof (auth as { token?: unknown }).token === 'string') {
    return (auth as { token: string }).token;
  }
  if (!cookieHeader) return null;
  return parseCookie(cookieHeader)[SESSION_COOKIE] ?? null;
}

export function readBearer(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}
