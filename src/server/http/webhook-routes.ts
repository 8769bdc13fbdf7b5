// POST /hooks/<token>: an incoming webhook posts into its channel. The token in the path is the only credential,
// so the route takes no cookie and needs no CSRF check. JSON, or a form with `payload=<json>` (as Slack takes).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FlackError } from '../../core/errors.js';
import type { Flack } from '../../core/flack.js';
import { hashToken } from '../../core/tokens.js';
import { INTEGRATION_LIMITS } from '../../shared/integrations.js';
import { LIMITS } from '../../shared/protocol.js';
import type { RateLimiter } from '../rate-limit.js';
import { text } from '../realtime/schemas.js';
import { validate } from '../validate.js';
import { WEBHOOK_PAYLOAD, webhookBody } from './webhook-payload.js';

const params = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'no such webhook') });
const idempotencyKey = text(LIMITS.clientIdMax).min(1).optional();

function formPayload(body: string): unknown {
  const payload = new URLSearchParams(body).get('payload');
  if (payload === null) throw new FlackError('invalid', 'A form body carries the message as payload=<JSON>');
  try {
    return JSON.parse(payload);
  } catch {
    throw new FlackError('invalid', 'payload: not JSON');
  }
}

export function registerWebhookRoutes(app: FastifyInstance, deps: { flack: Flack; limiter: RateLimiter }): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, formPayload(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });

    scope.post('/hooks/:token', { bodyLimit: INTEGRATION_LIMITS.webhookBodyMax }, async (request) => {
      const { token } = validate(params, request.params, 'path');
      // Per webhook, whoever calls it: a script stuck in a loop cannot flood its channel.
      await deps.limiter.take('webhook', hashToken(token));
      const payload = validate(WEBHOOK_PAYLOAD, request.body ?? {}, 'body');
      const clientId = validate(idempotencyKey, request.headers['idempotency-key'], 'Idempotency-Key');
      try {
        const { message } = await deps.flack.postThroughWebhook(token, { body: webhookBody(payload), clientId });
        return { ok: true, message: { id: message.id, conversationId: message.conversationId, seq: message.seq } };
      } catch (error) {
        // Guessing webhook URLs is charged like guessing passwords.
        if (error instanceof FlackError && error.code === 'not_found') await deps.limiter.take('signInPerIp', request.ip);
        throw error;
      }
    });
  });
}
