// The one scoped lookup every conversation action goes through (like Zulip's access_stream_by_id).
import type { Conversation, Message } from '../shared/protocol.js';
import { can, type Capability } from '../shared/roles.js';
import type { Membership, UserRecord } from '../storage/storage.js';
import { conversationNotFound, FlackError, messageNotFound } from './errors.js';
import type { Audience, CoreDeps } from './ports.js';

/**
 * The user acting, read from the store on every call that depends on their role (a socket's copy from its handshake
 * would keep a demoted admin's rights until it reconnects): a deactivated account is signed out.
 */
export async function actorOf(deps: CoreDeps, userId: number): Promise<UserRecord> {
  const actor = await deps.storage.findUserById(userId);
  if (!actor || actor.deactivated) throw new FlackError('unauthorized', 'Sign in first');
  return actor;
}

/** The actor, if their role has the capability (src/shared/roles.ts); else `forbidden`. */
export async function requireCapability(deps: CoreDeps, userId: number, capability: Capability, refusal: string): Promise<UserRecord> {
  const actor = await actorOf(deps, userId);
  if (!can(actor.role, capability)) throw new FlackError('forbidden', refusal);
  return actor;
}

export interface Access {
  conversation: Conversation;
  membership: Membership | null;
}

/**
 * 'see': public channels for anyone signed in but guests; private channels and DMs for members only.
 * 'member': only members. A private conversation the user is not in is `not_found`, exactly like one that
 * does not exist; a public channel the user has not joined is `forbidden`.
 */
export async function accessConversation(
  deps: CoreDeps,
  userId: number,
  conversationId: number,
  need: 'see' | 'member',
): Promise<Access> {
  const conversation = await deps.storage.getConversation(conversationId);
  if (!conversation) throw conversationNotFound();
  const membership = await deps.storage.getMembership(conversationId, userId);
  if (!membership) {
    if (conversation.kind !== 'public') throw conversationNotFound();
    // Only this rare path (a public channel the user is not in) pays for reading their role.
    if (!can((await actorOf(deps, userId)).role, 'browseChannels')) throw conversationNotFound();
    if (need === 'member') throw new FlackError('forbidden', 'Join the channel first');
  }
  return { conversation, membership };
}

export async function accessAsMember(deps: CoreDeps, userId: number, conversationId: number) {
  const access = await accessConversation(deps, userId, conversationId, 'member');
  return { conversation: access.conversation, membership: access.membership as Membership };
}

/**
 * The hot-path form of a 'member' check (send, typing, read): one membership lookup when the user is a member;
 * only a refusal pays for loading the conversation, to choose between `not_found` and `forbidden`.
 */
export async function requireMembership(deps: CoreDeps, userId: number, conversationId: number): Promise<Membership> {
  const membership = await deps.storage.getMembership(conversationId, userId);
  if (membership) return membership;
  await accessConversation(deps, userId, conversationId, 'member');
  throw conversationNotFound(); // unreachable: accessConversation refused a non-member above
}

/**
 * A message, found through the user's membership of its conversation: one in a conversation the user cannot see
 * is `not_found`, like one that does not exist; in a public channel the user has not joined, `forbidden`.
 */
export async function accessMessage(
  deps: CoreDeps,
  userId: number,
  messageId: number,
  need: 'see' | 'member' = 'member',
): Promise<Message> {
  const message = await deps.storage.getMessage(messageId);
  if (!message) throw messageNotFound();
  try {
    if (need === 'member') await requireMembership(deps, userId, message.conversationId);
    else await accessConversation(deps, userId, message.conversationId, 'see');
  } catch (error) {
    if (error instanceof FlackError && error.code === 'not_found') throw messageNotFound();
    throw error;
  }
  return message;
}

/** Who may see a conversation's shared facts (name, topic, member count): guests see only their own channels'. */
export function audienceOf(conversation: Conversation): Audience {
  return conversation.kind === 'public' ? { publicChannel: conversation.id } : { conversation: conversation.id };
}
