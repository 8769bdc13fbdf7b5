// Conversations and users as this client knows them, kept current by applying server events.
// Every update replaces the Map so signals notify; the maps are small (hundreds of entries): `conversations` holds
// what you belong to, and `users` only the people this client has met (the snapshot's DM peers, people fetched by
// id or found in a search, sign-ups seen live), never the whole workspace — state/people.ts fetches the rest.
import { computed, signal } from '@preact/signals';
import type {
  Conversation,
  ConversationView,
  MembershipChange,
  Snapshot,
  User,
  UserWithPresence,
} from '../../shared/protocol.js';
import { me } from './session.js';

export const conversations = signal<ReadonlyMap<number, ConversationView>>(new Map());
export const users = signal<ReadonlyMap<number, UserWithPresence>>(new Map());

// A membership change may arrive before the conversation it is about; keep it until then.
const pendingMembership = new Map<number, MembershipChange>();
// Likewise presence of someone whose `user` event is still on its way.
const pendingPresence = new Map<number, boolean>();

export function applySnapshot(s: Snapshot): void {
  me.value = s.me;
  conversations.value = new Map(s.conversations.map((c) => [c.id, c]));
  // A cache: names do not change, so the people met before a reconnect stay known (their presence is refreshed
  // by `presence:watch` for those on screen).
  upsertUsers(s.users);
  pendingMembership.clear();
  pendingPresence.clear();
}

export function clearDirectory(): void {
  conversations.value = new Map();
  users.value = new Map();
  pendingMembership.clear();
  pendingPresence.clear();
}

export function upsertConversation(c: Conversation | ConversationView): void {
  const next = new Map(conversations.value);
  const old = next.get(c.id);
  const pending = pendingMembership.get(c.id);
  pendingMembership.delete(c.id);
  const view = 'isMember' in c;
  // A DM names its people: now they are met (their presence comes once they are watched).
  if (c.members) rememberUsers(c.members);
  next.set(c.id, {
    ...old,
    ...c,
    // Absent means "not": a channel unarchived (or back to the workspace's retention) must not keep the old copy's.
    archived: c.archived,
    announcement: c.announcement,
    retentionDays: c.retentionDays,
    // A live `message` may already have moved lastSeq past what this upsert says.
    lastSeq: Math.max(c.lastSeq, old?.lastSeq ?? 0),
    isMember: view ? c.isMember : (pending?.isMember ?? old?.isMember ?? c.kind !== 'public'),
    lastReadSeq: view ? c.lastReadSeq : (pending?.lastReadSeq ?? old?.lastReadSeq ?? 0),
    // A view says whether you hide it (absent: shown, e.g. `dm:open` showed it again); a bare Conversation does not.
    hiddenSeq: view ? c.hiddenSeq : pending ? pending.hiddenSeq : old?.hiddenSeq,
    mentionCount: view ? c.mentionCount : (pending?.mentionCount ?? old?.mentionCount ?? 0),
  });
  conversations.value = next;
}

export function applyMembership(m: MembershipChange): void {
  const old = conversations.value.get(m.conversationId);
  if (!old) {
    pendingMembership.set(m.conversationId, m);
    return;
  }
  patchConversation(m.conversationId, {
    isMember: m.isMember,
    // Read positions only move forward, except when re-joining resets them.
    lastReadSeq: m.isMember && old.isMember ? Math.max(old.lastReadSeq, m.lastReadSeq) : m.lastReadSeq,
    hiddenSeq: m.hiddenSeq,
    mentionCount: m.mentionCount,
  });
}

export function patchConversation(id: number, patch: Partial<ConversationView>): void {
  const old = conversations.value.get(id);
  if (!old) return;
  const next = new Map(conversations.value);
  next.set(id, { ...old, ...patch });
  conversations.value = next;
}

export function removeConversation(id: number): void {
  if (!conversations.value.has(id)) return;
  const next = new Map(conversations.value);
  next.delete(id);
  conversations.value = next;
}

export function upsertUser(u: User, online?: boolean): void {
  upsertUsers([online === undefined ? u : { ...u, online }]);
}

/** People with presence (a fetch, a search) take it from there; a bare User keeps what was known of it. */
export function upsertUsers(list: readonly (User | UserWithPresence)[]): void {
  if (!list.length) return;
  const next = new Map(users.value);
  for (const u of list) {
    const old = next.get(u.id);
    const online = 'online' in u ? u.online : (old?.online ?? pendingPresence.get(u.id) ?? false);
    // The whole copy, not merged into the old one: `deactivated` is absent once someone is reactivated.
    next.set(u.id, { ...u, online });
    pendingPresence.delete(u.id);
  }
  users.value = next;
}

/** People named somewhere (a DM's members, a members page): cached if new, without touching what is known. */
export function rememberUsers(list: readonly User[]): void {
  const fresh = list.filter((u) => !users.value.has(u.id));
  if (fresh.length) upsertUsers(fresh);
}

export function setPresence(userId: number, online: boolean): void {
  const old = users.value.get(userId);
  if (!old) pendingPresence.set(userId, online);
  if (!old || old.online === online) return;
  const next = new Map(users.value);
  next.set(userId, { ...old, online });
  users.value = next;
}

export const unreadCount = (c: ConversationView) => (c.isMember ? Math.max(0, c.lastSeq - c.lastReadSeq) : 0);
/** What is unread in every conversation you are in, muted ones left out. */
export const totalUnread = computed(() => [...conversations.value.values()].reduce((n, c) => n + (c.muted ? 0 : unreadCount(c)), 0));

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The sidebar's sections, in display order. Archived channels are left out (search, links and browsing reach them). */
export const channels = computed(() =>
  [...conversations.value.values()].filter((c) => c.kind !== 'dm' && c.isMember && !c.archived).sort(byName),
);
/** A DM you hid stays out of the list until a message newer than the hiding arrives. */
export const isHidden = (c: ConversationView) => c.hiddenSeq !== undefined && c.lastSeq <= c.hiddenSeq;

export const directMessages = computed(() =>
  [...conversations.value.values()]
    .filter((c) => c.kind === 'dm' && c.isMember && !isHidden(c))
    .map((c) => ({ ...c, name: conversationTitle(c) }))
    .sort(byName),
);
/** The other participants of every DM (hidden ones too): the people whose presence the sidebar may show. */
export const dmPeerIds = computed(() => {
  const ids = new Set<number>();
  for (const c of conversations.value.values()) {
    if (c.kind === 'dm' && c.isMember) for (const u of c.members ?? []) if (u.id !== me.value?.id) ids.add(u.id);
  }
  return [...ids];
});
/** Sidebar order, for Alt+↑/↓. */
export const sidebarOrder = computed(() => [...channels.value, ...directMessages.value].map((c) => c.id));

/** "#general", or for a DM the other participants ("alice, bob"); a DM with yourself is "you". */
export function conversationTitle(c: Conversation): string {
  if (c.kind !== 'dm') return c.name;
  const others = (c.members ?? []).filter((u) => u.id !== me.value?.id).map((u) => u.username);
  return others.length ? others.join(', ') : `${me.value?.username ?? 'you'} (you)`;
}

/** The other participant of a one-to-one DM, for its presence dot. */
export function dmPeer(c: Conversation): UserWithPresence | undefined {
  const others = (c.members ?? []).filter((u) => u.id !== me.value?.id);
  const peer = others.length === 1 ? others[0] : undefined;
  return peer && (users.value.get(peer.id) ?? { ...peer, online: false });
}
