// Direct messages: one conversation per set of people (2 to LIMITS.dmMaxMembers), found again rather than duplicated;
// leaving groups, hiding DMs, and blocking people who should not write to you.
import { LIMITS, type ConversationView, type User } from '../shared/protocol.js';
import { UniqueViolation } from '../storage/storage.js';
import { accessAsMember } from './access.js';
import { announceDeparture } from './channels.js';
import { conversationNotFound, FlackError } from './errors.js';
import type { CoreDeps } from './ports.js';

export async function openDirectMessage(deps: CoreDeps, userId: number, otherIds: number[]): Promise<ConversationView> {
  const memberIds = [...new Set([userId, ...otherIds])].sort((a, b) => a - b);
  if (memberIds.length < 2) throw new FlackError('invalid', 'Choose at least one other person');
  if (memberIds.length > LIMITS.dmMaxMembers) {
    throw new FlackError('too_many_members', `Group messages have at most ${LIMITS.dmMaxMembers} people`);
  }
  const found = await deps.storage.findUsersByIds(memberIds);
  if (found.length !== memberIds.length || found.some((user) => user.deactivated)) {
    throw new FlackError('not_found', 'No such user');
  }
  await checkGuestsShareChannels(deps, found);
  const blocks = await deps.storage.blocksAmong(memberIds);
  if (blocks.some((b) => b.blockedId === userId)) throw new FlackError('forbidden', 'They do not take direct messages from you');
  if (blocks.some((b) => b.userId === userId)) throw new FlackError('forbidden', 'Unblock them first');

  const dmKey = memberIds.join(',');
  let conversation = await deps.storage.findDm(dmKey);
  if (!conversation) {
    try {
      conversation = await deps.storage.createConversation({
        kind: 'dm',
        name: '',
        topic: '',
        createdBy: userId,
        createdAt: deps.now(),
        dmKey,
        memberIds,
      });
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      conversation = await deps.storage.findDm(dmKey);
      if (!conversation) throw error;
    }
    for (const id of memberIds) deps.fanout.subscribe(id, conversation.id);
    deps.fanout.send({ users: memberIds }, 'conversation', conversation);
    deps.fanout.send({ users: memberIds }, 'membership', {
      conversationId: conversation.id,
      isMember: true,
      lastReadSeq: 0,
      mentionCount: 0,
    });
  }
  const membership = await deps.storage.getMembership(conversation.id, userId);
  // Opening a DM you hid shows it again.
  if (membership?.hiddenSeq != null) await setHidden(deps, userId, conversation.id, false);
  const mentionCount = await deps.storage.mentionCount(conversation.id, userId);
  return { ...conversation, isMember: true, lastReadSeq: membership?.lastReadSeq ?? 0, mentionCount };
}

/** A guest may be in a DM only with people who share one of the guest's channels (whoever opens it). */
async function checkGuestsShareChannels(deps: CoreDeps, people: User[]): Promise<void> {
  for (const guest of people.filter((user) => user.role === 'guest')) {
    const channels = new Set(
      (await deps.storage.listMemberConversations(guest.id)).filter((c) => c.kind !== 'dm').map((c) => c.id),
    );
    for (const other of people) {
      if (other.id === guest.id) continue;
      const theirs = await deps.storage.listMemberConversationIds(other.id);
      if (!theirs.some((id) => channels.has(id))) {
        throw new FlackError('forbidden', 'Guests can message only people in their channels');
      }
    }
  }
}

/** Leave a group DM: the others keep it (with a notice); a DM of two can only be hidden. */
export async function leaveDirectMessage(deps: CoreDeps, userId: number, conversationId: number): Promise<void> {
  const { conversation } = await accessAsMember(deps, userId, conversationId);
  if (conversation.kind !== 'dm') throw new FlackError('forbidden', 'Leave channels with channel:leave');
  if (conversation.memberCount < 3) throw new FlackError('forbidden', 'A conversation of two can be hidden, not left');
  const left = await deps.storage.leaveConversation(conversationId, userId, deps.now(), 'left the conversation');
  if (left) announceDeparture(deps, userId, left);
}

/** Hide a DM until its next message (or show it again); the user's devices are told. */
export async function setHidden(deps: CoreDeps, userId: number, conversationId: number, hidden: boolean): Promise<void> {
  const { conversation } = await accessAsMember(deps, userId, conversationId);
  if (conversation.kind !== 'dm') throw new FlackError('forbidden', 'Only direct messages can be hidden; leave a channel instead');
  const membership = await deps.storage.setHidden(conversationId, userId, hidden);
  if (!membership) throw conversationNotFound();
  deps.fanout.send({ users: [userId] }, 'membership', {
    conversationId,
    isMember: true,
    lastReadSeq: membership.lastReadSeq,
    ...(membership.hiddenSeq !== null && { hiddenSeq: membership.hiddenSeq }),
    mentionCount: await deps.storage.mentionCount(conversationId, userId),
  });
}

/** Block or unblock someone; the user's devices are told. */
export async function setBlocked(deps: CoreDeps, userId: number, targetId: number, blocked: boolean): Promise<number[]> {
  if (targetId === userId) throw new FlackError('invalid', 'You cannot block yourself');
  const [target] = await deps.storage.findUsersByIds([targetId]);
  if (!target) throw new FlackError('not_found', 'No such user');
  const blockedUserIds = await deps.storage.setBlocked(userId, targetId, blocked);
  deps.fanout.send({ users: [userId] }, 'blocks', { blockedUserIds });
  return blockedUserIds;
}
