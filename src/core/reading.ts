// Read positions (unread counts) and "where was I" — kept on the server so every device agrees.
import type { Snapshot, User } from '../shared/protocol.js';
import { PROTOCOL_VERSION } from '../shared/protocol.js';
import { accessConversation, requireMembership } from './access.js';
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

export async function snapshot(deps: CoreDeps, me: User): Promise<Snapshot> {
  const [conversations, users, online, lastConversationId, threads, blockedUserIds] = await Promise.all([
    deps.storage.listVisibleConversations(me.id),
    deps.storage.listUsers(),
    deps.presence.onlineUserIds(),
    deps.storage.getLastConversation(me.id),
    deps.storage.listThreads(me.id, { limit: SNAPSHOT_THREADS }),
    deps.storage.listBlocked(me.id),
  ]);
  const stillVisible = conversations.some((c) => c.id === lastConversationId);
  return {
    me,
    conversations,
    users: users.map((user) => ({ ...user, online: online.has(user.id) })),
    lastConversationId: stillVisible ? lastConversationId : null,
    threads,
    blockedUserIds,
    protocolVersion: PROTOCOL_VERSION,
  };
}
