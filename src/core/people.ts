// The people directory, fetched on demand: nobody's boot carries the whole workspace.
import { LIMITS, type PresenceChange, type User, type UserWithPresence } from '../shared/protocol.js';
import type { PageQuery } from '../storage/storage.js';
import type { CoreDeps } from './ports.js';

/** What a client asks for a page: a name prefix, the previous page's `next`, a page size. */
export interface PageInput {
  query?: string;
  after?: string;
  limit?: number;
}

/** Names are compared lower-cased and NFKC-normalised, as they are stored. */
export function pageQuery(input: PageInput, defaultLimit: number, maxLimit: number): PageQuery {
  return {
    prefix: input.query?.normalize('NFKC').toLowerCase(),
    after: input.after,
    limit: Math.min(input.limit ?? defaultLimit, maxLimit),
  };
}

export async function withPresence(deps: CoreDeps, users: User[]): Promise<UserWithPresence[]> {
  const online = await deps.presence.onlineAmong(users.map((u) => u.id));
  return users.map((user) => ({ ...user, online: online.has(user.id) }));
}

/** Anyone in the workspace by id (names are not secret; memberships are, and are not part of a User). */
export async function getUsers(deps: CoreDeps, ids: number[]): Promise<UserWithPresence[]> {
  const unique = [...new Set(ids)].slice(0, LIMITS.usersPerGet);
  return withPresence(deps, await deps.storage.findUsersByIds(unique));
}

export async function searchUsers(
  deps: CoreDeps,
  input: PageInput & { query: string },
): Promise<{ users: UserWithPresence[]; next: string | null }> {
  const { items, next } = await deps.storage.searchUsers(pageQuery(input, LIMITS.directoryPage, LIMITS.directoryPageMax));
  return { users: await withPresence(deps, items), next };
}

export async function presenceOf(deps: CoreDeps, userIds: number[]): Promise<PresenceChange[]> {
  const online = await deps.presence.onlineAmong(userIds);
  return userIds.map((userId) => ({ userId, online: online.has(userId) }));
}
