// Under a thread's first message: how many replies, who replied lately, when the last one came, and how many you
// have not read. A click opens the thread beside the conversation.
import type { Message, ThreadSummary as Summary } from '../../shared/protocol.js';
import { formatDay, formatFull, formatTime, isoTime } from '../lib/format.js';
import { openThreadPanel } from '../state/navigation.js';
import { personById } from '../state/people.js';
import { me } from '../state/session.js';
import { followed, unreadReplies } from '../state/threads.js';
import { Avatar } from './Avatar.js';

export const replyCount = (n: number) => `${n} ${n === 1 ? 'reply' : 'replies'}`;

/** "10:42" today, "Yesterday at 10:42" before. */
export function lastReply(at: number): string {
  const day = formatDay(at);
  return day === 'Today' ? formatTime(at) : `${day} at ${formatTime(at)}`;
}

function repliers(t: Summary): string[] {
  return t.replierIds.map((id) => (id === me.value?.id ? 'you' : (personById(id)?.username ?? 'someone')));
}

export function ThreadSummary({ m }: { m: Message & { thread: Summary } }) {
  const t = m.thread;
  const state = followed.value.get(m.id);
  const unread = state ? unreadReplies(state) : 0;
  const names = repliers(t);
  // The name is the visible text plus what only a screen reader needs (who, and what a press does): a separate
  // aria-label would have to repeat the visible words exactly (WCAG 2.5.3, label in name) to help voice control.
  return (
    <button type="button" class={`thread-summary ${unread ? 'unread' : ''}`} onClick={() => openThreadPanel(m.conversationId, m.id)}>
      <span class="repliers" aria-hidden="true">
        {t.replierIds.slice(0, 3).map((id, i) => (
          <Avatar key={id} name={names[i] === 'you' ? (me.value?.username ?? '?') : (names[i] ?? '?')} size="xs" />
        ))}
      </span>
      <span class="reply-count">{replyCount(t.replyCount)}</span>
      {unread > 0 && (
        <>
          <span class="visually-hidden">, </span>
          <span class="thread-new">{unread} new</span>
        </>
      )}
      <span class="visually-hidden">, </span>
      <span class="last-reply">
        Last reply{' '}
        <time dateTime={isoTime(t.lastReplyAt)} title={formatFull(t.lastReplyAt)}>
          {lastReply(t.lastReplyAt)}
        </time>
      </span>
      <span class="visually-hidden">, from {names.join(', ')}. Open thread</span>
    </button>
  );
}
