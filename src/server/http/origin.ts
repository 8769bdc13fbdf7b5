// Same-origin checks for browsers: WebSocket/polling handshakes and cookie-authenticated state changes (CSRF).
import type { IncomingMessage } from 'node:http';

export interface OriginPolicy {
  /** The configured PUBLIC_URL origin; when unset, a request's own Host is its allowed origin. */
  publicOrigin?: string;
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

export function originPolicy(publicUrl: string | undefined): OriginPolicy {
  return publicUrl ? { publicOrigin: originOf(publicUrl) ?? undefined } : {};
}

function matches(policy: OriginPolicy, origin: string, host: string | undefined): boolean {
  const parsed = originOf(origin);
  if (!parsed) return false;
  if (policy.publicOrigin) return parsed === policy.publicOrigin;
  return host !== undefined && new URL(parsed).host === host;
}

/** Socket.IO handshakes: no Origin (non-browser client, authenticated by token) is allowed; a foreign one is not. */
export function isAllowedOrigin(policy: OriginPolicy, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return matches(policy, origin, req.headers.host);
}

/**
 * Cookie-authenticated state changes must prove they come from our own pages. Deny by default: a missing
 * Origin is accepted only when the browser says the request is same-origin (Sec-Fetch-Site).
 */
export function isSameOriginRequest(policy: OriginPolicy, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) return matches(policy, origin, req.headers.host);
  return req.headers['sec-fetch-site'] === 'same-origin';
}
