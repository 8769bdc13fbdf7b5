// Running the workspace: people's roles and accounts, invite links, settings and the audit log. Admins only
// (src/shared/roles.ts); every refusal of an admin action is itself written to the audit log.
import { ADMIN_LIMITS, type AuditPage, type Invite, type ServerStats, type Workspace } from '../shared/admin.js';
import type { User } from '../shared/protocol.js';
import { can, mayChangeRole, mayDeactivate, type InviteRole, type Role, type SignUpMode } from '../shared/roles.js';
import type { UserRecord } from '../storage/storage.js';
import type { AccountChange, WorkspaceChange } from '../storage/workspace-store.js';
import { accessConversation, actorOf } from './access.js';
import { publicUser } from './accounts.js';
import { FlackError } from './errors.js';
import { pageQuery, type PageInput } from './people.js';
import type { CoreDeps } from './ports.js';
import { checkWorkspaceIcon, checkWorkspaceName } from './rules.js';
import { newInviteToken } from './tokens.js';

const MB = 1024 * 1024;

/** The settings as everyone sees them: SIGNUP_MODE, when set, is the mode. */
export async function workspace(deps: CoreDeps): Promise<Workspace> {
  const stored = await deps.storage.getWorkspace();
  const lock = deps.settings.signUpModeLock;
  const ceilingMb = deps.settings.maxUploadBytes / MB;
  return {
    name: stored.name,
    icon: stored.icon,
    signUpMode: lock ?? stored.signUpMode,
    signUpModeLocked: lock !== null,
    retentionDays: stored.retentionDays,
    uploadLimitMb: Math.min(stored.uploadLimitMb ?? ceilingMb, ceilingMb),
    uploadLimitMaxMb: ceilingMb,
    version: stored.version,
  };
}


/** The largest upload now, in bytes: the console's limit, never above MAX_UPLOAD_MB. */
export async function uploadLimit(deps: CoreDeps): Promise<number> {
  return Math.round((await workspace(deps)).uploadLimitMb * MB);
}

/**
 * Runs an admin action for `actorId`: refused with `forbidden` unless their role (read now, not from their
 * socket's handshake) may administer. A refusal, there or in `work`, is written to the audit log before it is thrown.
 */
export async function administer<T>(deps: CoreDeps, actorId: number, action: string, work: (actor: UserRecord) => Promise<T>): Promise<T> {
  try {
    const actor = await actorOf(deps, actorId);
    if (!can(actor.role, 'administer')) throw new FlackError('forbidden', 'Only admins can do that');
    return await work(actor);
  } catch (error) {
    if (error instanceof FlackError && error.code !== 'unauthorized' && error.code !== 'invalid') {
      await deps.storage.appendAudit({ at: deps.now(), actorId, action: 'denied', detail: { action, code: error.code } });
    }
    throw error;
  }
}

export async function targetOf(deps: CoreDeps, userId: number): Promise<UserRecord> {
  const target = await deps.storage.findUserById(userId);
  if (!target) throw new FlackError('not_found', 'No such user');
  return target;
}

function changed(result: AccountChange): UserRecord {
  if ('user' in result) return result.user;
  if (result.refused === 'last_owner') throw new FlackError('last_owner', 'The workspace needs an active owner: make someone else owner first');
  if (result.refused === 'changed') throw new FlackError('conflict', 'Their role changed meanwhile: look again');
  throw new FlackError('not_found', 'No such user');
}

export function listAllUsers(deps: CoreDeps, actorId: number, input: PageInput): Promise<{ users: User[]; next: string | null }> {
  return administer(deps, actorId, 'admin:users', async () => {
    const { items, next } = await deps.storage.listAllUsers(pageQuery(input, ADMIN_LIMITS.adminUsersPage, ADMIN_LIMITS.adminUsersPage * 2));
    return { users: items, next };
  });
}

/** Their sockets are closed: they reconnect with the rights of the new role (and guests leave the browsers' room). */
export function changeRole(deps: CoreDeps, actorId: number, input: { userId: number; role: Role }): Promise<User> {
  return administer(deps, actorId, 'admin:role', async (actor) => {
    const target = await targetOf(deps, input.userId);
    if (target.bot) throw new FlackError('invalid', 'A bot keeps the rights of a guest: add it to channels instead');
    if (!mayChangeRole(actor.role, target.role, input.role)) throw new FlackError('forbidden', 'Your role cannot make that change');
    if (target.role === input.role) return publicUser(target);
    const audit = { at: deps.now(), actorId, action: 'user.role' as const, targetUserId: target.id };
    const user = publicUser(changed(await deps.storage.setRole(target.id, target.role, input.role, audit)));
    deps.fanout.send('everyone', 'user', user);
    deps.fanout.disconnectUser(target.id);
    return user;
  });
}

/** Deactivating ends every session of theirs at once (their sockets close on every node); their content stays. */
export function setDeactivated(deps: CoreDeps, actorId: number, input: { userId: number; deactivated: boolean }): Promise<User> {
  return administer(deps, actorId, 'admin:deactivate', async (actor) => {
    const target = await targetOf(deps, input.userId);
    if (target.id === actorId) throw new FlackError('forbidden', 'Use "Delete account" to leave');
    if (!mayDeactivate(actor.role, target.role)) throw new FlackError('forbidden', 'Your role cannot deactivate them');
    // Deleting an account clears its password and leaves its channels: it is gone, not paused.
    if (!input.deactivated && target.deactivated && target.passwordHash === '' && !target.bot) {
      throw new FlackError('invalid', 'They deleted their account themselves: it cannot be reactivated');
    }
    const audit = { at: deps.now(), actorId, action: input.deactivated ? ('user.deactivate' as const) : ('user.reactivate' as const), targetUserId: target.id };
    const user = publicUser(changed(await deps.storage.setDeactivated(target.id, target.role, input.deactivated, audit)));
    // Told first, so that their own open tabs can say why they are being signed out.
    deps.fanout.send('everyone', 'user', user);
    if (input.deactivated) deps.fanout.disconnectUser(target.id);
    return user;
  });
}

export function listInvites(deps: CoreDeps, actorId: number): Promise<Invite[]> {
  return administer(deps, actorId, 'admin:invites', () => deps.storage.listInvites(ADMIN_LIMITS.invitesListed));
}

const HOUR_MS = 3600_000;

export function createInvite(
  deps: CoreDeps,
  actorId: number,
  input: { role: InviteRole; channelIds?: number[]; hours: number; maxUses: number },
): Promise<Invite> {
  return administer(deps, actorId, 'admin:invite', async (actor) => {
    const channelIds = [...new Set(input.channelIds ?? [])];
    if (input.role === 'guest' && channelIds.length === 0) throw new FlackError('invalid', 'A guest invite needs at least one channel');
    for (const id of channelIds) {
      // Only channels the admin can see: an invite cannot open a private channel its creator is not in.
      const { conversation } = await accessConversation(deps, actor.id, id, 'see');
      if (conversation.kind === 'dm') throw new FlackError('invalid', 'Invites are to channels, not direct messages');
    }
    const now = deps.now();
    return deps.storage.createInvite(
      { token: newInviteToken(), role: input.role, channelIds, createdBy: actor.id, createdAt: now, expiresAt: now + input.hours * HOUR_MS, maxUses: input.maxUses },
      { at: now, actorId, action: 'invite.create' },
    );
  });
}

export function revokeInvite(deps: CoreDeps, actorId: number, inviteId: number): Promise<Invite> {
  return administer(deps, actorId, 'admin:revoke', async () => {
    const invite = await deps.storage.revokeInvite(inviteId, { at: deps.now(), actorId, action: 'invite.revoke' });
    if (!invite) throw new FlackError('not_found', 'No such invite');
    return invite;
  });
}

export function updateSettings(
  deps: CoreDeps,
  actorId: number,
  input: { version: number; name?: string; icon?: string; signUpMode?: SignUpMode; retentionDays?: number | null; uploadLimitMb?: number | null },
): Promise<Workspace> {
  return administer(deps, actorId, 'admin:settings', async () => {
    const change: WorkspaceChange = {};
    if (input.name !== undefined) change.name = checkWorkspaceName(input.name);
    if (input.retentionDays !== undefined) change.retentionDays = input.retentionDays;
    if (input.icon !== undefined) change.icon = checkWorkspaceIcon(input.icon);
    if (input.uploadLimitMb !== undefined) {
      const ceilingMb = deps.settings.maxUploadBytes / MB;
      if (input.uploadLimitMb !== null && input.uploadLimitMb > ceilingMb) {
        throw new FlackError('invalid', `The server takes at most ${ceilingMb} MB (MAX_UPLOAD_MB)`);
      }
      change.uploadLimitMb = input.uploadLimitMb;
    }
    if (input.signUpMode !== undefined) {
      const lock = deps.settings.signUpModeLock;
      if (lock !== null && input.signUpMode !== lock) throw new FlackError('forbidden', 'The sign-up mode is set by SIGNUP_MODE on the server');
      if (lock === null) change.signUpMode = input.signUpMode;
    }
    const detail = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Record<string, string | number | null>;
    const stored = await deps.storage.updateWorkspace(change, input.version, { at: deps.now(), actorId, action: 'settings.update', detail });
    if (!stored) throw new FlackError('conflict', 'Someone else changed the settings meanwhile: look again');
    const current = await workspace(deps);
    deps.fanout.send('everyone', 'workspace', current);
    return current;
  });
}

export function serverStats(deps: CoreDeps, actorId: number): Promise<ServerStats> {
  return administer(deps, actorId, 'admin:stats', () => deps.stats.read());
}

export function auditLog(deps: CoreDeps, actorId: number, before?: number): Promise<AuditPage> {
  return administer(deps, actorId, 'admin:audit', async () => {
    const entries = await deps.storage.listAudit({ before, limit: ADMIN_LIMITS.auditPage + 1 });
    const shown = entries.slice(0, ADMIN_LIMITS.auditPage);
    return { entries: shown, next: entries.length > ADMIN_LIMITS.auditPage ? shown.at(-1)!.id : null };
  });
}
