// Your signed-in devices, and one-time password reset links (there is no email: an admin hands the link over).
import { ADMIN_LIMITS, type PasswordResetLink, type PasswordResetPreview, type SessionInfo } from '../shared/admin.js';
import type { AuthReply } from '../shared/protocol.js';
import { mayDeactivate } from '../shared/roles.js';
import { openSession } from './accounts.js';
import { administer, targetOf } from './admin.js';
import { FlackError } from './errors.js';
import { hashPassword } from './passwords.js';
import type { CoreDeps } from './ports.js';
import { checkPassword } from './rules.js';
import { hashToken, newSessionToken } from './tokens.js';

export async function listSessions(deps: CoreDeps, userId: number, currentTokenHash: string): Promise<SessionInfo[]> {
  const sessions = await deps.storage.listSessions(userId);
  return sessions.map((s) => ({
    id: s.tokenHash,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    userAgent: s.userAgent,
    current: s.tokenHash === currentTokenHash,
  }));
}

/** Signs one of your devices out: its session ends and its sockets close, on every node. */
export async function revokeSession(deps: CoreDeps, userId: number, id: string): Promise<void> {
  if (!(await deps.storage.deleteUserSession(userId, id))) throw new FlackError('not_found', 'No such session');
  deps.fanout.disconnectSession(id);
}

const HOUR_MS = 3600_000;
const resetInvalid = () => new FlackError('reset_invalid', 'This reset link expired or was used already');

/** An admin makes a one-time link that sets a new password for someone (the same rule as deactivating them). */
export function issuePasswordReset(deps: CoreDeps, actorId: number, userId: number): Promise<PasswordResetLink> {
  return administer(deps, actorId, 'admin:reset', async (actor) => {
    const target = await targetOf(deps, userId);
    if (target.id === actorId) throw new FlackError('forbidden', 'Change your own password in your account settings');
    if (!mayDeactivate(actor.role, target.role)) throw new FlackError('forbidden', 'Your role cannot reset their password');
    if (target.deactivated) throw new FlackError('invalid', 'Reactivate them first');
    const token = newSessionToken();
    const now = deps.now();
    const expiresAt = now + ADMIN_LIMITS.resetHours * HOUR_MS;
    await deps.storage.createPasswordReset(
      { tokenHash: hashToken(token), userId: target.id, createdBy: actorId, createdAt: now, expiresAt },
      { at: now, actorId, action: 'user.reset', targetUserId: target.id },
    );
    return { token, expiresAt };
  });
}

export async function passwordResetPreview(deps: CoreDeps, token: string): Promise<PasswordResetPreview> {
  const user = await deps.storage.findPasswordReset(hashToken(token), deps.now());
  if (!user) throw resetInvalid();
  return { username: user.username };
}

/** Sets the new password once: every other session of the account ends; this device is signed in. */
export async function resetPassword(deps: CoreDeps, input: { token: string; password: string }, device = ''): Promise<AuthReply> {
  const passwordHash = await hashPassword(checkPassword(input.password), deps.passwordCost);
  const user = await deps.storage.usePasswordReset(hashToken(input.token), passwordHash, deps.now());
  if (!user) throw resetInvalid();
  deps.fanout.disconnectUser(user.id);
  const session = await openSession(deps, user, { device });
  if (!session) throw resetInvalid(); // deactivated or changed again in between
  return session;
}
