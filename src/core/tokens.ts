// Session tokens: 32 random bytes for the client, only their SHA-256 in storage. Invite tokens are stored as they
// are (admins copy their links again), and expire, run out and can be revoked.
import { createHash, randomBytes } from 'node:crypto';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret of an invite link: 18 random bytes (24 characters in a URL). */
export function newInviteToken(): string {
  return randomBytes(18).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** An outgoing webhook's signing secret: 32 random bytes. Stored as-is: every delivery is signed with it. */
export function newHookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
