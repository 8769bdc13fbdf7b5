// The workspace's door and its running: settings, invite links, roles, deactivation and the audit log.
// Every change an admin makes writes its audit entry in the same transaction as the change.
import type { AuditAction, AuditEntry, Invite } from '../shared/admin.js';
import type { InviteRole, Role, SignUpMode } from '../shared/roles.js';
import type { PageOf, PageQuery, UserRecord } from './storage.js';
import type { User } from '../shared/protocol.js';

export interface NewAuditEntry {
  at: number;
  actorId: number | null;
  action: AuditAction;
  targetUserId?: number | null;
  detail?: AuditEntry['detail'];
}

/** The stored settings (the lock from the environment is the core's business). */
export interface WorkspaceRecord {
  name: string;
  icon: string;
  signUpMode: SignUpMode;
  retentionDays: number | null;
  /** null: MAX_UPLOAD_MB. */
  uploadLimitMb: number | null;
  version: number;
}

export interface NewAccount {
  username: string;
  passwordHash: string;
  createdAt: number;
  /** The token of the invite link it came through, if any. */
  invite: string | null;
  /** SIGNUP_MODE, when set: it replaces the stored mode. */
  modeOverride: SignUpMode | null;
}

/**
 * Why createAccount refused: 'signup_closed' (mode closed, or invite-only and no invite), 'invite_invalid' (no
 * such invite, or expired, used up or revoked).
 */
export class SignUpRefused extends Error {
  constructor(readonly reason: 'signup_closed' | 'invite_invalid') {
    super(`sign-up refused: ${reason}`);
    this.name = 'SignUpRefused';
  }
}

export interface NewInvite {
  token: string;
  role: InviteRole;
  channelIds: number[];
  createdBy: number;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
}

export interface NewPasswordReset {
  tokenHash: string;
  userId: number;
  createdBy: number;
  createdAt: number;
  expiresAt: number;
}

export interface WorkspaceChange {
  name?: string;
  icon?: string;
  uploadLimitMb?: number | null;
  signUpMode?: SignUpMode;
  /** null: keep forever. */
  retentionDays?: number | null;
}

/** What an account change found: done (the account as it is now), or refused and why. */
export type AccountChange = { user: UserRecord } | { refused: 'last_owner' | 'changed' | 'not_found' };

export interface WorkspaceStore {
  /**
   * Creates an account through the door, atomically: while the workspace has no active owner, the account becomes
   * its owner (whatever the mode or invite); else, unless the mode is closed, a valid invite is claimed (one use)
   * and gives its role; else, if the mode is open, a member. Writes the audit entry ('owner.first' or
   * 'user.signup'). Throws SignUpRefused, or UniqueViolation('username') (and then claims nothing).
   */
  createAccount(account: NewAccount): Promise<{ user: UserRecord; invite: Invite | null }>;

  getWorkspace(): Promise<WorkspaceRecord>;
  /** Active (not deactivated) owners: 0 on a fresh install, until its first sign-up. */
  countActiveOwners(): Promise<number>;
  /** Null (nothing written) when `version` is no longer the current one. Bumps the version. */
  updateWorkspace(change: WorkspaceChange, version: number, audit: NewAuditEntry): Promise<WorkspaceRecord | null>;

  /** Each conversation whose messages expire, with its retention: its own, else `workspaceDays` (null: none). */
  retentionTargets(workspaceDays: number | null): Promise<{ conversationId: number; days: number }[]>;
  /**
   * Deletes up to `limit` of the conversation's oldest threads (a top-level message with its replies) created
   * before `before` whose newest reply is before it too, in one transaction; returns how many top-level messages
   * went (fewer than `limit`: no more to delete). A thread lives as long as its newest reply.
   */
  deleteExpired(conversationId: number, before: number, limit: number): Promise<number>;

  createInvite(invite: NewInvite, audit: Omit<NewAuditEntry, 'detail'>): Promise<Invite>;
  findInvite(token: string): Promise<Invite | null>;
  /** Newest first, at most `limit`. */
  listInvites(limit: number): Promise<Invite[]>;
  /** Null when there is no such invite; an invite revoked already is returned as it is. */
  revokeInvite(id: number, audit: Omit<NewAuditEntry, 'detail'>): Promise<Invite | null>;

  /**
   * Gives `userId` the role `to` if their role is still `from` ('changed' if not), unless that would leave no
   * active owner ('last_owner').
   */
  setRole(userId: number, from: Role, to: Role, audit: Omit<NewAuditEntry, 'detail'>): Promise<AccountChange>;
  /**
   * Deactivates (ending every session; memberships and content stay) or reactivates an account whose role is still
   * `role`; deactivating the last active owner is refused.
   */
  setDeactivated(userId: number, role: Role, deactivated: boolean, audit: Omit<NewAuditEntry, 'detail'>): Promise<AccountChange>;
  /** Everyone, deactivated accounts too, by username. */
  listAllUsers(page: PageQuery): Promise<PageOf<User>>;

  /** A one-time password reset link for `userId` (its token stored hashed), with its audit entry. */
  createPasswordReset(reset: NewPasswordReset, audit: Omit<NewAuditEntry, 'detail'>): Promise<void>;
  /** The reset's account, if it is unused, unexpired at `at` and the account active; else null. */
  findPasswordReset(tokenHash: string, at: number): Promise<UserRecord | null>;
  /**
   * Uses the reset, atomically: only if it is unused, unexpired and its account active, sets the password, ends
   * every session of the account and writes the audit entry; returns the account, or null (nothing written).
   */
  usePasswordReset(tokenHash: string, passwordHash: string, at: number): Promise<UserRecord | null>;

  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** Newest first: entries with id < before, at most `limit`. */
  listAudit(options: { before?: number; limit: number }): Promise<AuditEntry[]>;
}
