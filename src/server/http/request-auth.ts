// Who an HTTP request is from, and whether a browser may have been tricked into sending it (CSRF).
import type { FastifyRequest } from 'fastify';
import { FlackError } from '../../core/errors.js';
import type { Flack } from '../../core/flack.js';
import type { User } from '../../shared/protocol.js';
import { isSameOriginRequest, type OriginPolicy } from './origin.js';
import { readBearer, readSessionToken } from './session-cookie.js';

export const tokenOf = (request: FastifyRequest): string | null =>
  readBearer(request.headers.authorization) ?? readSessionToken(request.headers.cookie);

/**
 * CSRF: a foreign Origin is always refused; a request riding on the session cookie (no bearer token) must also
 * prove it is same-origin. Bots (no cookie, no Origin) pass.
 */
export function checkCsrf(origins: OriginPolicy, request: FastifyRequest): void {
  const sameOrigin = isSameOriginRequest(origins, request.raw);
  if (request.headers.origin !== undefined && !sameOrigin) throw new FlackError('forbidden', 'Cross-origin request refused');
  if (readBearer(request.headers.authorization)) return;
  if (readSessionToken(request.headers.cookie) && !sameOrigin) throw new FlackError('forbidden', 'Cross-origin request refused');
}

export async function currentUser(flack: Flack, request: FastifyRequest): Promise<User> {
  const token = tokenOf(request);
  const user = token ? await flack.authenticate(token) : null;
  if (!user) throw new FlackError('unauthorized', 'Sign in first');
  return user;
}
