// Which messages mention you ("@yourname"), for the red badge. The server does not count mentions, so the client
// notes them in every message it receives, and after each connect reads the unread tail of every channel once.
import { signal } from '@preact/signals';
import { LIMITS, type ConversationView, type Message } from '../../shared/protocol.js';
import { mentions } from '../lib/mentions.js';
import { rpc } from './client.js';
import { conversations, unreadCount } from './directory.js';
import { me } from './session.js';

/** Per conversation, the seqs of messages by others that mention you. */
const mentionSeqs = signal<ReadonlyMap<number, readonly number[]>>(new Map());

// Enough for anyone's sidebar; far below the server's burst limit for other events.
const SCAN_AT_MOST = 50;

export function noteMentions(messages: readonly Message[]): void {
  const self = me.value;
  if (!self) return;
  let next: Map<number, readonly number[]> | null = null;
  for (const m of messages) {
    if (m.kind !== 'user' || m.authorId === self.id || !mentions(m.body, self.username)) continue;
    const seqs = (next ?? mentionSeqs.value).get(m.conversationId) ?? [];
    if (seqs.includes(m.seq)) continue;
    next ??= new Map(mentionSeqs.value);
    next.set(m.conversationId, [...seqs, m.seq]);
  }
  if (next) mentionSeqs.value = next;
}

/** Messages deleted, or edited so they no longer mention you, stop counting. An edit never adds a mention. */
export function dropMentions(messages: readonly Message[]): void {
  const self = me.value;
  if (!self) return;
  let next: Map<number, readonly number[]> | null = null;
  for (const m of messages) {
    const seqs = (next ?? mentionSeqs.value).get(m.conversationId);
    if (!seqs?.includes(m.seq) || mentions(m.body, self.username)) continue;
    next ??= new Map(mentionSeqs.value);
    next.set(m.conversationId, seqs.filter((seq) => seq !== m.seq));
  }
  if (next) mentionSeqs.value = next;
}

/** Unread messages that mention you. In a DM every message is addressed to you, so each unread one counts. */
export function unreadMentions(c: ConversationView): number {
  if (c.kind === 'dm') return unreadCount(c);
  return c.isMember ? (mentionSeqs.value.get(c.id) ?? []).filter((seq) => seq > c.lastReadSeq).length : 0;
}

/** Read what arrived while we were away: the newest unread page of each channel with unread messages. */
export async function scanUnread(): Promise<void> {
  const unread = [...conversations.value.values()].filter((c) => c.kind !== 'dm' && unreadCount(c) > 0);
  await Promise.all(
    unread.slice(0, SCAN_AT_MOST).map(async (c) => {
      const limit = Math.min(unreadCount(c), LIMITS.historyPage);
      const page = await rpc('history', { conversationId: c.id, limit }).catch(() => null);
      if (page) noteMentions(page.messages);
    }),
  );
}

export function clearMentions(): void {
  mentionSeqs.value = new Map();
}
