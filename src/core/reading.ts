// Read positions (unread counts) and "where was I" — kept on the server so every device agrees.
import type { Snapshot, User } from '../shared/protocol.js';
import { PROTOCOL_VERSION } from '../shared/protocol.js';
import { accessConversation, requireMembership } from './access.js';
import { SNAPSHOT_DRAFTS } from './drafts.js';
import { workspace } from './admin.js';
import { notifyDefaults } from './notify-preferences.js';
import { withPresence } from './people.js';
import type { CoreDeps } from './ports.js';
import { SNAPSHOT_THREADS } from './threads.js';

export async function markRead(deps: CoreDeps, userId: number, conversationId: number, seq: number): Promise<void> {
  await requireMembership(deps, userId, conversationId);
  const lastReadSeq = await deps.storage.setReadPosition(conversationId, userId, seq);
  if (lastReadSeq !== null) {
    const mentionCount = await deps.storage.mentionCount(conversationId, userId);
    deps.fanout.send({ users: [userId] }, 'membership', { conversationId, isMember: true, lastReadSeq, mentionCount });
  }
}

export async function focus(deps: CoreDeps, userId: number, conversationId: number | null): Promise<void> {
  if (conversationId !== null) await accessConversation(deps, userId, conversationId, 'see');
  await deps.storage.setLastConversation(userId, conversationId);
}

/**
 * What a client needs to draw its screen, and no more: its own conversations, and the people those name (DM
 * participants). It does not grow with the workspace: the directory, members and other channels are paged.
 */
export async function snapshot(deps: CoreDeps, me: User): Promise<Snapshot> {
  const [conversations, lastConversationId, threads, blockedUserIds, drafts, defaults, settings] = await Promise.all([
    deps.storage.listMemberConversations(me.id),
    deps.storage.getLastConversation(me.id),
    deps.storage.listThreads(me.id, { limit: SNAPSHOT_THREADS }),
    deps.storage.listBlocked(me.id),
    deps.storage.listDrafts(me.id, SNAPSHOT_DRAFTS),
    notifyDefaults(deps, me.id),
    workspace(deps),
  ]);
  const named = new Map<number, User>();
  for (const c of conversations) for (const user of c.members ?? []) if (user.id !== me.id) named.set(user.id, user);
  const stillVisible = conversations.some((c) => c.id === lastConversationId);
  return {
    me,
    conversations,
    users: await withPresence(deps, [...named.values()]),
    lastConversationId: stillVisible ? lastConversationId : null,
    threads,
    drafts,
    blockedUserIds,
    protocolVersion: PROTOCOL_VERSION,
    maxUploadBytes: Math.round(settings.uploadLimitMb * 1024 * 1024),
    notifyDefaults: defaults,
    workspace: settings,
  };
}
