// How many unread messages mention you, for the red badge. The server counts them (`mentionCount` in the
// snapshot and in every `membership` event, after a read or an edit that added or removed a mention of you);
// between two counts, a new message that mentions you adds one here.
import type { ConversationView, Message } from '../../shared/protocol.js';
import { conversations, patchConversation, unreadCount } from './directory.js';
import { me } from './session.js';

/** Per conversation: the seq up to which the server's count already includes every message. */
const countedTo = new Map<number, number>();

/** The server just counted these conversations (a snapshot, or a `membership` event). */
export function mentionsCounted(conversationIds: Iterable<number>): void {
  for (const id of conversationIds) countedTo.set(id, conversations.value.get(id)?.lastSeq ?? 0);
}

const mentionsMe = (m: Message, myId: number) => m.mentions.includes(myId) || m.mentionsAll === true || m.mentionsHere === true;

/**
 * New top-level messages by others that mention you, past what the server has counted: one more each. A reply's
 * copy in the channel is not one: its reply counted in its thread, as the server counts it.
 */
export function noteMentions(messages: readonly Message[]): void {
  const myId = me.value?.id;
  if (myId === undefined) return;
  for (const m of messages) {
    const c = conversations.value.get(m.conversationId);
    if (!c || m.threadId !== null || m.fromThread || m.kind !== 'user' || m.authorId === myId || !mentionsMe(m, myId)) continue;
    if (m.seq <= (countedTo.get(c.id) ?? 0) || m.seq <= c.lastReadSeq) continue;
    countedTo.set(c.id, m.seq);
    patchConversation(c.id, { mentionCount: c.mentionCount + 1 });
  }
}

/** Unread messages that mention you. In a DM every message is addressed to you, so each unread one counts. */
export function unreadMentions(c: ConversationView): number {
  if (c.kind === 'dm') return unreadCount(c);
  return c.isMember && unreadCount(c) > 0 ? c.mentionCount : 0;
}

export function clearMentions(): void {
  countedTo.clear();
}
