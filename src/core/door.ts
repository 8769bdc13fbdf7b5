// The workspace's door, as seen before signing in: whether (and how) one may create an account.
import type { InvitePreview, WorkspaceDoor } from '../shared/admin.js';
import type { Invite } from '../shared/admin.js';
import { workspace } from './admin.js';
import { FlackError } from './errors.js';
import type { CoreDeps } from './ports.js';

export async function door(deps: CoreDeps): Promise<WorkspaceDoor> {
  const [current, owners] = await Promise.all([workspace(deps), deps.storage.countActiveOwners()]);
  return { name: current.name, icon: current.icon, signUp: owners === 0 ? 'first' : current.signUpMode };
}

export const inviteInvalid = () => new FlackError('invite_invalid', 'This invite link expired, was used up or was revoked');

/** Whether an invite can still be used at `now` (createAccount checks the same again, atomically, as it claims one). */
export function usable(invite: Invite, now: number): boolean {
  return invite.revokedAt === null && invite.expiresAt > now && invite.uses < invite.maxUses;
}

/** What the sign-up page reached through an invite link says. Any unusable link is `invite_invalid`. */
export async function invitePreview(deps: CoreDeps, token: string): Promise<InvitePreview> {
  const invite = await deps.storage.findInvite(token);
  if (!invite || !usable(invite, deps.now())) throw inviteInvalid();
  const [current, inviter] = await Promise.all([workspace(deps), deps.storage.findUserById(invite.createdBy)]);
  if (current.signUpMode === 'closed') throw new FlackError('signup_closed', 'Sign-up is closed on this workspace');
  return {
    workspaceName: current.name,
    workspaceIcon: current.icon,
    invitedBy: inviter?.username ?? 'An admin',
    role: invite.role,
    expiresAt: invite.expiresAt,
  };
}
