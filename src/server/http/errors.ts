// HTTP status for each error code; the body is always { error: { code, message } }.
import type { FastifyInstance } from 'fastify';
import { FlackError } from '../../core/errors.js';
import type { ErrorCode } from '../../shared/protocol.js';

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  username_invalid: 400,
  password_invalid: 400,
  name_invalid: 400,
  empty: 400,
  too_long: 400,
  too_many_members: 400,
  emoji_invalid: 400,
  thread_invalid: 400,
  query_too_short: 400,
  file_invalid: 400,
  unauthorized: 401,
  wrong_password: 401,
  forbidden: 403,
  archived: 403,
  signup_closed: 403,
  not_found: 404,
  invite_invalid: 404,
  reset_invalid: 404,
  username_taken: 409,
  name_taken: 409,
  too_many_reactions: 409,
  last_owner: 409,
  conflict: 409,
  too_large: 413,
  quota_exceeded: 413,
  rate_limited: 429,
  internal: 500,
  command_failed: 502,
  storage_full: 507,
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof FlackError) {
      if (error.retryAfterMs !== undefined) reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
      return reply.status(STATUS[error.code]).send({ error: error.toApiError() });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code: ErrorCode = status === 429 ? 'rate_limited' : 'invalid';
      return reply.status(status).send({ error: { code, message: (error as Error).message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong' } });
  });
}
