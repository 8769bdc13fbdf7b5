// Direct messages: one conversation per set of people (2 to LIMITS.dmMaxMembers), found again rather than duplicated.
import { LIMITS, type ConversationView } from '../shared/protocol.js';
import { UniqueViolation } from '../storage/storage.js';
import { FlackError } from './errors.js';
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
    });
  }
  const membership = await deps.storage.getMembership(conversation.id, userId);
  return { ...conversation, isMember: true, lastReadSeq: membership?.lastReadSeq ?? 0 };
}
