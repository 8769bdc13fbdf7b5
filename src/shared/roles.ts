// Who may do what in a workspace: the one table of rules. The core enforces it (src/core/access.ts); the web app
// reads the same functions to decide what to offer, so no component restates a rule.
import type { ConversationKind } from './protocol.js';

/**
 * owner: the first account of an installation (and whoever an owner makes one); admins run the workspace;
 * members chat; guests see only the channels they were invited to and DM only the people in them.
 */
export type Role = 'owner' | 'admin' | 'member' | 'guest';
export const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'guest'];

/** Who may create an account: anyone, only someone with an invite link, or nobody. */
export type SignUpMode = 'open' | 'invite' | 'closed';
export const SIGN_UP_MODES: readonly SignUpMode[] = ['open', 'invite', 'closed'];

/** Roles an invite link may give. */
export type InviteRole = 'member' | 'guest';

export type Capability =
  /** The admin console: people, invites, settings, the audit log. */
  | 'administer'
  /** Rename, delete and remove members of any channel; delete anyone's message. */
  | 'moderate'
  | 'createChannels'
  /** See public channels you are not in (browse, join, read). */
  | 'browseChannels'
  /** Add people to channels you are in. */
  | 'addToChannels';

const CAPABILITIES: Record<Role, readonly Capability[]> = {
  owner: ['administer', 'moderate', 'createChannels', 'browseChannels', 'addToChannels'],
  admin: ['administer', 'moderate', 'createChannels', 'browseChannels', 'addToChannels'],
  member: ['createChannels', 'browseChannels', 'addToChannels'],
  guest: [],
};

export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}

const isAdmin = (role: Role) => role === 'owner' || role === 'admin';

/** Rename a channel, remove its members (private channels), delete it: its creator, or an admin. */
export function mayManageChannel(actor: { id: number; role: Role }, channel: { kind: ConversationKind; createdBy: number }): boolean {
  if (channel.kind === 'dm') return false;
  return channel.createdBy === actor.id || can(actor.role, 'moderate');
}

/** Delete a message: its author, or an admin (the author's own tombstone does not say who). */
export function mayDeleteMessage(actor: { id: number; role: Role }, message: { authorId: number; kind: 'user' | 'system' }): boolean {
  if (message.kind !== 'user') return false;
  return message.authorId === actor.id || can(actor.role, 'moderate');
}

/**
 * Change someone's role: owners change anyone's (to anything); admins change members' and guests' (to member,
 * guest or admin) but never an owner's or another admin's. An owner may step down while another owner remains
 * (the last one cannot: `last_owner`).
 */
export function mayChangeRole(actor: Role, target: Role, to: Role): boolean {
  if (actor === 'owner') return true;
  if (actor !== 'admin') return false;
  return !isAdmin(target) && to !== 'owner';
}

/** Deactivate or reactivate someone: the same rule as changing their role. */
export function mayDeactivate(actor: Role, target: Role): boolean {
  if (actor === 'owner') return true;
  return actor === 'admin' && !isAdmin(target);
}
