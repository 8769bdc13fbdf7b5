// GET /api/workspace and GET /api/invites/:token: what the sign-in page shows before anyone signs in.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Flack } from '../../core/flack.js';
import type { RateLimiter } from '../rate-limit.js';
import { validate } from '../validate.js';

const inviteToken = z.object({ token: z.string().min(1).max(100) });

export function registerWorkspaceRoutes(app: FastifyInstance, deps: { flack: Flack; limiter: RateLimiter }): void {
  app.get('/api/workspace', () => deps.flack.door());

  app.get('/api/invites/:token', async (request) => {
    // Guessing tokens is charged like guessing passwords: 18 random bytes would take forever anyway.
    await deps.limiter.take('signInPerIp', request.ip);
    const { token } = validate(inviteToken, request.params, 'path');
    return deps.flack.invitePreview(token);
  });
}
