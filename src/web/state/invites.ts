// Invite links, as the admin console lists them: loaded when it shows them, changed in place by what is done there.
import { signal } from '@preact/signals';
import type { Invite, InviteRole } from '../../shared/protocol.js';
import { rpc } from './client.js';

/** null: not loaded yet. Newest first. */
export const invites = signal<Invite[] | null>(null);

// Bumped by each change made here: a list asked for before it may be older than what is shown; ask again.
let changes = 0;

export async function loadInvites(): Promise<void> {
  const asked = changes;
  const { invites: list } = await rpc('admin:invites', {});
  if (asked === changes) invites.value = list;
  else await loadInvites();
}

export interface InviteRequest {
  role: InviteRole;
  channelIds: number[];
  hours: number;
  maxUses: number;
}

export async function createInvite(r: InviteRequest): Promise<Invite> {
  const { invite } = await rpc('admin:invite', { role: r.role, hours: r.hours, maxUses: r.maxUses, ...(r.channelIds.length && { channelIds: r.channelIds }) });
  changes++;
  invites.value = [invite, ...(invites.value ?? []).filter((i) => i.id !== invite.id)];
  return invite;
}

export async function revokeInvite(inviteId: number): Promise<void> {
  const { invite } = await rpc('admin:revoke', { inviteId });
  changes++;
  invites.value = (invites.value ?? []).map((i) => (i.id === invite.id ? invite : i));
}

export type InviteStatus = 'active' | 'expired' | 'used up' | 'revoked';

export function inviteStatus(i: Invite, now = Date.now()): InviteStatus {
  if (i.revokedAt !== null) return 'revoked';
  if (i.uses >= i.maxUses) return 'used up';
  if (i.expiresAt <= now) return 'expired';
  return 'active';
}
