// The admin console's people: everyone, deactivated accounts too, and the two things an admin does to them. Each
// answer goes into the directory's cache, so every row showing that person (and the `user` events that follow)
// agree.
import type { PasswordResetLink, Role, User } from '../../shared/protocol.js';
import { CallError } from '../transport/socket.js';
import { rpc } from './client.js';
import { upsertUsers } from './directory.js';
import type { PageOf } from './people.js';

export async function searchAccounts(query: string, after?: string): Promise<PageOf<User>> {
  const q = query.trim().replace(/^@/, '');
  const { users, next } = await rpc('admin:users', { ...(q && { query: q }), ...(after !== undefined && { after }) });
  upsertUsers(users);
  return { items: users, next };
}

export async function changeRole(userId: number, role: Role): Promise<void> {
  upsertUsers([(await rpc('admin:role', { userId, role })).user]);
}

/** Deactivating signs them out on every device at once; their messages stay. */
export async function setDeactivated(userId: number, deactivated: boolean): Promise<void> {
  upsertUsers([(await rpc('admin:deactivate', { userId, deactivated })).user]);
}

/** A one-time link that sets a new password for them (24 hours): shown once, for the admin to hand over. */
export const makeResetLink = (userId: number): Promise<PasswordResetLink> => rpc('admin:reset', { userId });

/** A refusal, said as what to do about it. */
export function accountErrorText(e: unknown): string {
  if (!(e instanceof CallError)) return e instanceof Error ? e.message : 'Something went wrong.';
  if (e.code === 'last_owner') return 'The workspace needs an active owner: make someone else an owner first.';
  if (e.code === 'forbidden') return 'Your role does not allow that change.';
  return e.message;
}
