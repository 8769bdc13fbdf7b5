// Channels: create, join, leave, rename, invite, remove. Each records the change, then announces it once.
import { LIMITS, type Conversation, type ConversationView, type User } from '../shared/protocol.js';
import { UniqueViolation, type MembershipChange, type Notice } from '../storage/storage.js';
import { mayManageChannel } from '../shared/roles.js';
import { accessAsMember, accessConversation, actorOf, audienceOf, requireCapability } from './access.js';
import { conversationNotFound, FlackError } from './errors.js';
import { publish } from './messages.js';
import { publicUser } from './accounts.js';
import { pageQuery, type PageInput } from './people.js';
import type { CoreDeps } from './ports.js';
import { checkChannelName, checkTopic } from './rules.js';

export const DEFAULT_CHANNEL = 'general';
const SYSTEM_USER = 0;

function asNameTaken(error: unknown): never {
  if (error instanceof UniqueViolation) throw new FlackError('name_taken', 'A channel with that name exists');
  throw error;
}

function viewFor(conversation: Conversation, isMember: boolean, lastReadSeq: number, mentionCount = 0): ConversationView {
  return { ...conversation, isMember, lastReadSeq, mentionCount };
}

/** A fresh install has #general; every new user lands in it. Safe to race from several nodes. */
export async function ensureDefaultChannel(deps: CoreDeps): Promise<void> {
  if (await findDefaultChannel(deps, SYSTEM_USER)) return;
  try {
    await deps.storage.createConversation({
      kind: 'public',
      name: DEFAULT_CHANNEL,
      topic: 'Company-wide announcements and chatter',
      createdBy: SYSTEM_USER,
      createdAt: deps.now(),
      dmKey: null,
      memberIds: [],
    });
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
  }
}

export async function joinDefaultChannel(deps: CoreDeps, userId: number): Promise<void> {
  const general = await findDefaultChannel(deps, userId);
  if (general) await addToChannel(deps, general, userId);
}

/** A newcomer through an invite joins its channels (any since deleted are skipped). */
export async function joinInvitedChannels(deps: CoreDeps, userId: number, channelIds: number[]): Promise<void> {
  for (const id of channelIds) {
    const conversation = await deps.storage.getConversation(id);
    if (conversation && conversation.kind !== 'dm') await addToChannel(deps, conversation, userId);
  }
}

async function findDefaultChannel(deps: CoreDeps, userId: number): Promise<ConversationView | undefined> {
  const { items } = await deps.storage.listPublicChannels(userId, { prefix: DEFAULT_CHANNEL, limit: 1 });
  return items.find((c) => c.name === DEFAULT_CHANNEL);
}

export async function createChannel(
  deps: CoreDeps,
  userId: number,
  input: { name: string; topic?: string; visibility: 'public' | 'private' },
): Promise<ConversationView> {
  const name = checkChannelName(input.name);
  const topic = checkTopic(input.topic ?? '');
  await requireCapability(deps, userId, 'createChannels', 'Guests cannot create channels');
  // A private channel may not take a public one's name (that would impersonate it); public names are no secret.
  if (input.visibility === 'private' && (await deps.storage.publicNameTaken(name))) {
    throw new FlackError('name_taken', 'A channel with that name exists');
  }
  const conversation = await deps.storage
    .createConversation({
      kind: input.visibility,
      name,
      topic,
      createdBy: userId,
      createdAt: deps.now(),
      dmKey: null,
      memberIds: [userId],
    })
    .catch(asNameTaken);
  deps.fanout.subscribe(userId, conversation.id);
  deps.fanout.send(conversation.kind === 'public' ? audienceOf(conversation) : { users: [userId] }, 'conversation', conversation);
  deps.fanout.send({ users: [userId] }, 'membership', {
    conversationId: conversation.id,
    isMember: true,
    lastReadSeq: 0,
    mentionCount: 0,
  });
  return viewFor(conversation, true, 0);
}

/** Adds the user (one atomic write with the notice), subscribes their sockets and tells everyone concerned. */
async function addToChannel(deps: CoreDeps, conversation: Conversation, userId: number): Promise<ConversationView> {
  const joined = await deps.storage.joinConversation(conversation.id, userId, deps.now(), 'joined the channel');
  if (!joined) {
    const membership = await deps.storage.getMembership(conversation.id, userId);
    const mentionCount = await deps.storage.mentionCount(conversation.id, userId);
    return viewFor(conversation, true, membership?.lastReadSeq ?? conversation.lastSeq, mentionCount);
  }
  deps.fanout.subscribe(userId, conversation.id);
  // A join changes only the member count and lastSeq: members (the joiner now among them) hear of it, not every
  // connected user (that would cost a packet per online user per join). Others see fresh counts when they browse.
  deps.fanout.send({ conversation: conversation.id }, 'conversation', joined.conversation);
  publish(deps, joined.changes);
  const { lastReadSeq } = joined.membership;
  // A newcomer has read everything up to their own notice: nothing before it counts.
  deps.fanout.send({ users: [userId] }, 'membership', { conversationId: conversation.id, isMember: true, lastReadSeq, mentionCount: 0 });
  return viewFor(joined.conversation, true, lastReadSeq);
}

export async function joinChannel(deps: CoreDeps, userId: number, conversationId: number): Promise<ConversationView> {
  const { conversation } = await accessConversation(deps, userId, conversationId, 'see');
  if (conversation.kind === 'dm') throw conversationNotFound();
  return addToChannel(deps, conversation, userId);
}

/** Tells the one who left (or was removed), then the rest, of a membership change already stored. */
export function announceDeparture(
  deps: CoreDeps,
  userId: number,
  { conversation, changes }: Pick<MembershipChange, 'conversation' | 'changes'>,
  reason: 'left' | 'removed' = 'left',
): void {
  deps.fanout.unsubscribe(userId, conversation.id);
  if (conversation.kind === 'public') {
    deps.fanout.send({ users: [userId] }, 'membership', {
      conversationId: conversation.id,
      isMember: false,
      lastReadSeq: 0,
      mentionCount: 0,
    });
  } else {
    deps.fanout.send({ users: [userId] }, 'conversation:removed', { conversationId: conversation.id, reason });
  }
  publish(deps, changes);
  deps.fanout.send({ conversation: conversation.id }, 'conversation', conversation);
}

async function dropFromChannel(deps: CoreDeps, conversation: Conversation, userId: number, reason: 'left' | 'removed') {
  const notice = reason === 'left' ? 'left the channel' : 'was removed from the channel';
  const left = await deps.storage.leaveConversation(conversation.id, userId, deps.now(), notice);
  if (left) announceDeparture(deps, userId, left, reason);
}

export async function leaveChannel(deps: CoreDeps, userId: number, conversationId: number): Promise<void> {
  const { conversation } = await accessAsMember(deps, userId, conversationId);
  if (conversation.kind === 'dm') throw new FlackError('forbidden', 'Direct messages cannot be left');
  await dropFromChannel(deps, conversation, userId, 'left');
}

export async function inviteToChannel(
  deps: CoreDeps,
  userId: number,
  conversationId: number,
  username: string,
): Promise<User> {
  const { conversation } = await accessAsMember(deps, userId, conversationId);
  if (conversation.kind === 'dm') throw new FlackError('forbidden', 'Start a new direct message instead');
  await requireCapability(deps, userId, 'addToChannels', 'Guests cannot add people to channels');
  const invitee = await deps.storage.findUserByName(username);
  if (!invitee || invitee.deactivated) throw new FlackError('not_found', 'No such user');
  await addToChannel(deps, conversation, invitee.id);
  return publicUser(invitee);
}

export async function removeFromChannel(
  deps: CoreDeps,
  userId: number,
  conversationId: number,
  targetId: number,
): Promise<void> {
  const { conversation } = await accessAsMember(deps, userId, conversationId);
  if (conversation.kind !== 'private') throw new FlackError('forbidden', 'Only private channels have removals');
  if (!mayManageChannel(await actorOf(deps, userId), conversation)) {
    throw new FlackError('forbidden', 'Only the channel creator or an admin can remove members');
  }
  if (targetId === userId) throw new FlackError('invalid', 'Leave the channel instead');
  if (!(await deps.storage.getMembership(conversationId, targetId))) throw new FlackError('not_found', 'Not a member');
  await dropFromChannel(deps, conversation, targetId, 'removed');
}

export async function updateChannel(
  deps: CoreDeps,
  userId: number,
  conversationId: number,
  change: { name?: string; topic?: string; announcement?: boolean; retentionDays?: number | null },
): Promise<Conversation> {
  // Members change a channel; admins may also change one they are not in (its retention, who posts).
  const { conversation, membership } = await accessConversation(deps, userId, conversationId, 'see');
  if (!membership) await requireCapability(deps, userId, 'moderate', 'Join the channel first');
  if (conversation.kind === 'dm') throw new FlackError('forbidden', 'Direct messages have no name or topic');
  if (conversation.archived) throw channelArchived();
  const name = change.name === undefined ? undefined : checkChannelName(change.name);
  const topic = change.topic === undefined ? undefined : checkTopic(change.topic);
  if (name !== undefined && name !== conversation.name && !mayManageChannel(await actorOf(deps, userId), conversation)) {
    throw new FlackError('forbidden', 'Only the channel creator or an admin can rename it');
  }
  const announcement = change.announcement === undefined || change.announcement === !!conversation.announcement ? undefined : change.announcement;
  if (announcement !== undefined) await requireCapability(deps, userId, 'moderate', 'Only admins choose who posts in a channel');
  const retentionDays = change.retentionDays === undefined || change.retentionDays === (conversation.retentionDays ?? null) ? undefined : change.retentionDays;
  if (retentionDays !== undefined) await requireCapability(deps, userId, 'moderate', 'Only admins choose how long messages are kept');
  if (name !== undefined && conversation.kind === 'private' && (await deps.storage.publicNameTaken(name, conversationId))) {
    throw new FlackError('name_taken', 'A channel with that name exists');
  }
  const notices: Notice[] = [];
  if (name !== undefined && name !== conversation.name) notices.push({ authorId: userId, body: `renamed the channel to #${name}` });
  if (topic !== undefined && topic !== conversation.topic) {
    notices.push({ authorId: userId, body: topic ? `set the topic: ${topic}` : 'cleared the topic' });
  }
  if (announcement !== undefined) {
    notices.push({ authorId: userId, body: announcement ? 'made the channel announcement-only' : 'let everyone post in the channel' });
  }
  if (retentionDays !== undefined) {
    notices.push({ authorId: userId, body: retentionDays === null ? 'kept messages as long as the workspace does' : `kept messages for ${retentionDays} days` });
  }
  const updated = await deps.storage
    .updateConversation(
      conversationId,
      { name, topic, ...(announcement !== undefined && { announcement }), ...(retentionDays !== undefined && { retentionDays }) },
      notices,
      deps.now(),
    )
    .catch(asNameTaken);
  if (announcement !== undefined) {
    await deps.storage.appendAudit({
      at: deps.now(), actorId: userId, action: 'channel.announcement', detail: { conversationId, name: updated.conversation.name, announcement },
    });
  }
  if (retentionDays !== undefined) {
    await deps.storage.appendAudit({
      at: deps.now(), actorId: userId, action: 'channel.retention', detail: { conversationId, name: updated.conversation.name, retentionDays },
    });
  }
  if (updated.changes) publish(deps, updated.changes);
  deps.fanout.send(audienceOf(updated.conversation), 'conversation', updated.conversation);
  return updated.conversation;
}

export const channelArchived = () => new FlackError('archived', 'This channel is archived');

/**
 * Its creator or an admin archives a channel (read-only, out of everyone's sidebar, still searchable and readable),
 * or brings it back. The notice is the last message of an archived channel.
 */
export async function archiveChannel(deps: CoreDeps, userId: number, conversationId: number, archived: boolean): Promise<Conversation> {
  const { conversation } = await accessConversation(deps, userId, conversationId, 'see');
  if (conversation.kind === 'dm') throw new FlackError('forbidden', 'Direct messages cannot be archived');
  if (!mayManageChannel(await actorOf(deps, userId), conversation)) {
    throw new FlackError('forbidden', 'Only the channel creator or an admin can archive it');
  }
  if (!!conversation.archived === archived) return conversation;
  const notice = { authorId: userId, body: archived ? 'archived the channel' : 'unarchived the channel' };
  const updated = await deps.storage.updateConversation(conversationId, { archived }, [notice], deps.now());
  await deps.storage.appendAudit({
    at: deps.now(), actorId: userId, action: 'channel.archive', detail: { conversationId, name: conversation.name, archived },
  });
  if (updated.changes) publish(deps, updated.changes);
  deps.fanout.send(audienceOf(updated.conversation), 'conversation', updated.conversation);
  return updated.conversation;
}

/**
 * Its creator or an admin deletes a channel and everything in it; everyone who could see it is told, its room is
 * closed. An admin may delete a public channel they are not in; a deletion by anyone but the creator is audited.
 */
export async function deleteChannel(deps: CoreDeps, userId: number, conversationId: number): Promise<void> {
  const { conversation } = await accessConversation(deps, userId, conversationId, 'see');
  if (conversation.kind === 'dm') throw new FlackError('forbidden', 'Direct messages cannot be deleted');
  const actor = await actorOf(deps, userId);
  if (!mayManageChannel(actor, conversation)) throw new FlackError('forbidden', 'Only the channel creator or an admin can delete it');
  if (!(await deps.storage.deleteConversation(conversationId))) throw conversationNotFound();
  if (conversation.createdBy !== userId) {
    await deps.storage.appendAudit({ at: deps.now(), actorId: userId, action: 'channel.delete', detail: { conversationId, name: conversation.name } });
  }
  deps.fanout.send(audienceOf(conversation), 'conversation:removed', { conversationId, reason: 'deleted' });
  deps.fanout.closeRoom(conversationId);
}

export async function browseChannels(
  deps: CoreDeps,
  userId: number,
  input: PageInput,
): Promise<{ channels: ConversationView[]; next: string | null }> {
  await requireCapability(deps, userId, 'browseChannels', 'Guests see only the channels they were invited to');
  const { items, next } = await deps.storage.listPublicChannels(userId, pageQuery(input, LIMITS.directoryPage, LIMITS.directoryPageMax));
  return { channels: items, next };
}

export async function listMembers(
  deps: CoreDeps,
  userId: number,
  conversationId: number,
  input: PageInput,
): Promise<{ members: User[]; next: string | null }> {
  await accessConversation(deps, userId, conversationId, 'see');
  const { items, next } = await deps.storage.listMembers(conversationId, pageQuery(input, LIMITS.membersPage, LIMITS.membersPageMax));
  return { members: items, next };
}
