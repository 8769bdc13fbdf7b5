// POST /api/auth/{signup,signin,signout,password,reset}, GET /api/auth/{me,reset/:token}, DELETE /api/auth/account.
// Thin: validate → rate limit → core.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Flack } from '../../core/flack.js';
import { LIMITS, SESSION_COOKIE, type AuthReply } from '../../shared/protocol.js';
import type { RateLimiter } from '../rate-limit.js';
import { validate } from '../validate.js';
import type { OriginPolicy } from './origin.js';
import { checkCsrf as checkRequestOrigin, currentUser as userOf, tokenOf } from './request-auth.js';

const credentials = z.object({
  username: z.string().max(LIMITS.usernameMax * 4),
  password: z.string().max(LIMITS.passwordMax * 4),
});
const signUpRequest = credentials.extend({ invite: z.string().min(1).max(100).optional() });
const passwordChange = z.object({
  currentPassword: z.string().max(LIMITS.passwordMax * 4),
  newPassword: z.string().max(LIMITS.passwordMax * 4),
});
const accountDeletion = z.object({ password: z.string().max(LIMITS.passwordMax * 4) });
const resetToken = z.object({ token: z.string().min(1).max(100) });
const passwordReset = resetToken.extend({ password: z.string().max(LIMITS.passwordMax * 4) });
const YEAR_SECONDS = 365 * 24 * 3600;

export interface AuthRouteDeps {
  flack: Flack;
  limiter: RateLimiter;
  origins: OriginPolicy;
  secureCookies: boolean;
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const { flack, limiter } = deps;

  const checkCsrf = (request: FastifyRequest) => checkRequestOrigin(deps.origins, request);

  const startSession = (reply: FastifyReply, auth: AuthReply) => {
    reply.setCookie(SESSION_COOKIE, auth.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      maxAge: YEAR_SECONDS,
    });
    return auth;
  };

  const currentUser = (request: FastifyRequest) => userOf(flack, request);
  /** Which browser a session is, for the user's list of their devices. */
  const deviceOf = (request: FastifyRequest) => request.headers['user-agent'] ?? '';

  app.post('/api/auth/signup', async (request, reply) => {
    checkCsrf(request);
    const body = validate(signUpRequest, request.body, 'body');
    // Only accounts created count against the address: a refused attempt (a taken name, a short password) gives
    // its sign-up token back, and a success its failure token, so each bucket counts only its own kind — and both
    // are taken up front, so neither kind can make the server run scrypt past its limit.
    await limiter.take('signUpFailuresPerIp', request.ip);
    await limiter.take('signUpPerIp', request.ip).catch(async (error: unknown) => {
      await limiter.take('signUpFailuresPerIp', request.ip, -1);
      throw error;
    });
    let auth: AuthReply;
    try {
      auth = await flack.signUp(body, deviceOf(request));
    } catch (error) {
      await limiter.take('signUpPerIp', request.ip, -1);
      throw error;
    }
    await limiter.take('signUpFailuresPerIp', request.ip, -1);
    return reply.status(201).send(startSession(reply, auth));
  });

  app.post('/api/auth/signin', async (request, reply) => {
    checkCsrf(request);
    const body = validate(credentials, request.body, 'body');
    await limiter.take('signInPerIp', request.ip);
    await limiter.take('signInPerName', body.username.toLowerCase());
    return startSession(reply, await flack.signIn(body, deviceOf(request)));
  });

  app.post('/api/auth/signout', async (request, reply) => {
    checkCsrf(request);
    const token = tokenOf(request);
    if (token) await flack.signOut(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (request) => ({ user: await currentUser(request) }));

  app.post('/api/auth/password', async (request, reply) => {
    checkCsrf(request);
    const user = await currentUser(request);
    const body = validate(passwordChange, request.body, 'body');
    await limiter.take('signInPerName', user.username.toLowerCase());
    return startSession(reply, await flack.changePassword(user.id, body, deviceOf(request)));
  });

  // One-time password reset links (an admin makes them: `admin:reset`). Guessing is charged like signing in.
  app.get('/api/auth/reset/:token', async (request) => {
    await limiter.take('signInPerIp', request.ip);
    const { token } = validate(resetToken, request.params, 'path');
    return flack.passwordResetPreview(token);
  });

  app.post('/api/auth/reset', async (request, reply) => {
    checkCsrf(request);
    const body = validate(passwordReset, request.body, 'body');
    await limiter.take('signInPerIp', request.ip);
    return startSession(reply, await flack.resetPassword(body, deviceOf(request)));
  });

  app.delete('/api/auth/account', async (request, reply) => {
    checkCsrf(request);
    const user = await currentUser(request);
    const body = validate(accountDeletion, request.body, 'body');
    await limiter.take('signInPerName', user.username.toLowerCase());
    await flack.deleteAccount(user.id, body.password);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
