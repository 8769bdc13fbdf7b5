// Fastify routes from the table: the socket edge's path for every request — who (session) → rate limit (one
// token, by user id, as socket-server.ts does) → validate (the route's zod schemas) → the rest of the cost → the
// core, whose FlackErrors errors.ts answers with their status and `{ error: { code, message } }`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Flack } from '../../../core/flack.js';
import type { RateLimiter } from '../../rate-limit.js';
import { validate } from '../../validate.js';
import type { OriginPolicy } from '../origin.js';
import { checkCsrf, currentUser } from '../request-auth.js';
import { servedHere, type ApiRoute } from './route.js';
import { API_ROUTES } from './routes.js';

export interface ApiDeps {
  flack: Flack;
  limiter: RateLimiter;
  origins: OriginPolicy;
}

const nothing = z.object({});

export function registerApi(app: FastifyInstance, deps: ApiDeps): void {
  for (const route of API_ROUTES.filter(servedHere)) {
    app.route({ method: route.method, url: route.path, handler: async (request, reply) => reply.status(route.status).send(await serve(route, request, deps)) });
  }
}

async function serve(route: ApiRoute, request: FastifyRequest, { flack, limiter, origins }: ApiDeps): Promise<unknown> {
  if (route.method !== 'GET') checkCsrf(origins, request);
  const user = route.auth === false ? null : await currentUser(flack, request);
  const limit = user && route.rateLimit;
  if (limit) await limiter.take(limit.bucket, String(user.id));
  const input = {
    flack,
    user: user!,
    params: validate(route.params ?? nothing, request.params, 'path'),
    query: validate(route.query ?? nothing, request.query, 'query'),
    headers: validate(route.headers ?? nothing, request.headers, 'headers'),
    body: route.body ? validate(route.body, request.body, 'body') : undefined,
  };
  if (limit && limit.cost > 1) await limiter.take(limit.bucket, String(user.id), limit.cost - 1);
  return route.handler(input);
}
