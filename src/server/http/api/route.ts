// One REST route, declared once: the Fastify route (register.ts) and its part of the OpenAPI document
// (openapi.ts) are both made from this.
import { z } from 'zod';
import type { Flack } from '../../../core/flack.js';
import type { ErrorCode, User } from '../../../shared/protocol.js';
import type { RuleName } from '../../rate-limit.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteInput<P, Q, H, B> {
  flack: Flack;
  /** Routes with `auth: false` have none. */
  user: User;
  params: P;
  query: Q;
  headers: H;
  body: B;
}

/** What parsing a query string or path parameters gives: text, the field names of the schema. */
type Strings = Record<string, unknown>;

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, H extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: Method;
  /** Fastify's syntax: `/api/v1/messages/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  headers?: H;
  body?: B;
  status: 200 | 201;
  response: R;
  /** false: answered without a session (the document itself); otherwise a Bearer token or the session cookie. */
  auth?: false;
  /**
   * The socket event's bucket and cost (socket-server.ts: `bucketOf`, `costOf`), so REST and socket spend the
   * same tokens of the same user. One token is taken before the input is parsed, the rest after, as there.
   */
  rateLimit: { bucket: RuleName; cost: number } | null;
  /** The error codes this route answers besides unauthorized, invalid, rate_limited and internal. */
  errors: ErrorCode[];
  handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<H>, z.output<B>>) => Promise<z.input<R>>;
}

/** A route with its types erased, for the table. */
export interface ApiRoute extends Omit<RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType, z.ZodType>, 'handler'> {
  handler: (input: RouteInput<unknown, unknown, unknown, unknown>) => Promise<unknown>;
}

const none = z.object({});

/**
 * A route another module serves (the upload: its body is the file's bytes, streamed), listed here so that the
 * document describes it too; the OpenAPI test checks it is registered as described.
 */
export interface ForeignRoute extends Omit<ApiRoute, 'handler' | 'body'> {
  servedBy: string;
  body: 'bytes';
}

export type TableRoute = ApiRoute | ForeignRoute;
export const servedHere = (route: TableRoute): route is ApiRoute => !('servedBy' in route);

/** Checks the handler against its schemas at compile time, then forgets the types. */
export function route<
  R extends z.ZodType,
  P extends z.ZodType<unknown, Strings> = typeof none,
  Q extends z.ZodType<unknown, Strings> = typeof none,
  H extends z.ZodType<unknown, Strings> = typeof none,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<P, Q, H, B, R>): ApiRoute {
  return spec as unknown as ApiRoute;
}

/**
 * Query strings and paths carry text: each number field of a socket event's schema is read here from its
 * decimal digits, then checked by that same field, so a REST parameter and its socket twin cannot drift apart.
 */
export function fromText<S extends z.ZodObject>(schema: S): z.ZodType<z.output<S>, Strings> {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => [key, digitsOf(field as z.ZodType)]));
  return z.object(shape) as unknown as z.ZodType<z.output<S>, Strings>;
}

function digitsOf(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodOptional) return digitsOf(field.unwrap() as z.ZodType).optional();
  if (field instanceof z.ZodNumber) return z.string().regex(/^\d{1,16}$/, 'must be a whole number').transform(Number).pipe(field);
  return field;
}
