// Editing, deleting and reacting to messages. Each is: check the input → find the message through the user's
// access → one atomic storage call (which ticks the conversation's clock) → one fan-out of the new state.
import { LIMITS, type Message, type MessageVersion } from '../shared/protocol.js';
import { ReactionLimit, type MessageChange, type MessageRewrite } from '../storage/storage.js';
import { mayDeleteMessage } from '../shared/roles.js';
import { accessMessage, actorOf } from './access.js';
import { checkEmoji } from './emoji.js';
import { FlackError, messageNotFound } from './errors.js';
import { mentionedUsers, recount, resolveMentions } from './mentions.js';
import { channelArchived } from './channels.js';
import { publish } from './messages.js';
import type { CoreDeps } from './ports.js';
import { checkMessageBody } from './rules.js';

/** Why a change to a message the user can see was refused, once storage found its condition false. */
function refusal(message: Message, userId: number): FlackError {
  if (message.deletedAt !== null) return new FlackError('forbidden', 'That message was deleted');
  if (message.kind === 'system') return new FlackError('forbidden', 'System messages cannot be changed');
  if (message.authorId !== userId) return new FlackError('forbidden', 'Only the author can change a message');
  return messageNotFound(); // it vanished in between (its conversation was deleted)
}

function announce(deps: CoreDeps, message: Message, linked?: Message): Message {
  const messages = linked ? [message, linked] : [message];
  publish(deps, { conversationId: message.conversationId, since: message.clock - 1, clock: message.clock, messages });
  return message;
}

/**
 * The message an edit or deletion is about: a reply's copy in the channel changes through its reply (storage
 * changes both). `named` answers for whichever of the two the user named.
 */
async function originalOf(deps: CoreDeps, message: Message): Promise<{ original: Message; named: (rewrite: MessageRewrite) => Message }> {
  const reply = message.fromThread && (await deps.storage.getMessage(message.fromThread.replyId));
  if (!reply) return { original: message, named: (rewrite) => rewrite.message };
  return { original: reply, named: (rewrite) => rewrite.linked ?? rewrite.message };
}

/** An archived channel is read-only: its messages keep their text and reactions (deleting one is still allowed). */
async function refuseIfArchived(deps: CoreDeps, message: Message): Promise<void> {
  if ((await deps.storage.getConversation(message.conversationId))?.archived) throw channelArchived();
}

export async function editMessage(deps: CoreDeps, userId: number, input: { messageId: number; body: string }): Promise<Message> {
  if (input.body.length > LIMITS.messageMax) checkMessageBody(input.body); // refused before any lookup
  const { original: message, named } = await originalOf(deps, await accessMessage(deps, userId, input.messageId));
  await refuseIfArchived(deps, message);
  // A message with files may lose its text, as it could be sent without.
  const body = checkMessageBody(input.body, !!message.files?.length);
  const [mentions, before] = await Promise.all([
    resolveMentions(deps, message.conversationId, userId, body),
    deps.storage.mentionedUserIds(message.id),
  ]);
  const rewrite = await deps.storage.editMessage({ messageId: message.id, authorId: userId, body, at: deps.now(), mentions });
  if (!rewrite) throw refusal((await deps.storage.getMessage(message.id)) ?? message, userId);
  const edited = rewrite.message;
  if (edited.clock === message.clock) return named(rewrite);
  announce(deps, edited, rewrite.linked);
  // Whoever was mentioned and no longer is, or now is and was not, gets their new count. A `@channel` added or
  // removed is one row for every member: their counts follow at their next `state` or `read`, not at once.
  const after = mentionedUsers(mentions);
  await recount(deps, edited, [...before.filter((id) => !after.includes(id)), ...after.filter((id) => !before.includes(id))]);
  return named(rewrite);
}

/**
 * The author deletes their message, or an admin anyone's (audited; the tombstone looks the same, the audit log says
 * who). The deletion is the author's storage call either way: one condition, one transaction.
 */
export async function deleteMessage(deps: CoreDeps, userId: number, messageId: number): Promise<Message> {
  const { original: message, named } = await originalOf(deps, await accessMessage(deps, userId, messageId));
  const moderated = message.authorId !== userId && message.kind === 'user';
  if (moderated && !mayDeleteMessage(await actorOf(deps, userId), message)) throw refusal(message, userId);
  const before = await deps.storage.mentionedUserIds(message.id);
  const rewrite = await deps.storage.deleteMessage({ messageId: message.id, authorId: message.authorId, at: deps.now() });
  if (!rewrite) throw refusal((await deps.storage.getMessage(message.id)) ?? message, message.authorId);
  const deleted = rewrite.message;
  if (moderated) {
    await deps.storage.appendAudit({
      at: deps.now(),
      actorId: userId,
      action: 'message.delete',
      targetUserId: message.authorId,
      detail: { conversationId: message.conversationId, messageId: message.id },
    });
  }
  announce(deps, deleted, rewrite.linked);
  // The rows went with the deletion; bytes that cannot be removed now are the hourly sweep's (src/core/files.ts).
  if (message.files?.length) await deps.fileBytes.remove(message.files.map((file) => file.id)).catch(() => undefined);
  await recount(deps, deleted, before);
  return named(rewrite);
}

/** Earlier texts of the user's own message (only its author's: not even admins read what was replaced). */
export async function messageVersions(deps: CoreDeps, userId: number, messageId: number): Promise<MessageVersion[]> {
  const { original: message } = await originalOf(deps, await accessMessage(deps, userId, messageId));
  if (message.authorId !== userId) throw new FlackError('forbidden', 'Only the author can see earlier versions');
  return deps.storage.messageVersions(message.id);
}

export async function react(
  deps: CoreDeps,
  userId: number,
  input: { messageId: number; emoji: string },
  add: boolean,
): Promise<Message> {
  const emoji = checkEmoji(input.emoji);
  const message = await accessMessage(deps, userId, input.messageId);
  await refuseIfArchived(deps, message);
  const reaction = { messageId: message.id, userId, emoji, at: deps.now() };
  let result: MessageChange | null;
  try {
    result = add
      ? await deps.storage.addReaction(reaction, LIMITS.reactionsPerMessage)
      : await deps.storage.removeReaction(reaction);
  } catch (error) {
    if (!(error instanceof ReactionLimit)) throw error;
    throw new FlackError('too_many_reactions', `A message has at most ${LIMITS.reactionsPerMessage} different reactions`);
  }
  if (!result) throw new FlackError('forbidden', 'That message was deleted');
  return result.changed ? announce(deps, result.message) : result.message;
}
