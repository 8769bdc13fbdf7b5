// The rows of the rendered window: day separators, the "New" divider, messages grouped by author, then the unsent ones.
import type { Message } from '../../shared/protocol.js';
import { dayKey, formatDay } from '../lib/format.js';
import type { OutboxItem } from '../state/outbox.js';
import type { Surface } from '../state/ui.js';
import { MessageRow, PendingRow } from './MessageRow.js';

const GROUP_MS = 5 * 60_000;

/** Same author, both ordinary messages, a few minutes apart on the same day: no second header. */
function groupedWith(prev: Message | undefined, m: Message): boolean {
  return (
    !!prev &&
    prev.kind === 'user' &&
    m.kind === 'user' &&
    prev.authorId === m.authorId &&
    m.createdAt - prev.createdAt < GROUP_MS &&
    dayKey(prev.createdAt) === dayKey(m.createdAt)
  );
}

interface Input {
  messages: readonly Message[];
  start: number;
  end: number;
  pending: readonly OutboxItem[];
  myId: number | undefined;
  myName: string;
  /** The "New" divider goes after this seq (null: no divider). */
  unreadAfter: number | null;
  surface: Surface;
}

export function messageRows({ messages, start, end, pending, myId, myName, unreadAfter, surface }: Input) {
  const rows = [];
  for (let i = start; i < end; i++) {
    const m = messages[i]!;
    const prev = messages[i - 1];
    // The window's first message always gets its day: the label must not come and go as the window moves
    // (content appearing above the view at scrollTop 0 could not be compensated).
    if (i === start || !prev || dayKey(prev.createdAt) !== dayKey(m.createdAt)) {
      rows.push(
        // Plain list items, not role="separator": a list may only hold list items, and a separator's label is skipped
        // by screen readers reading the list, where "Today" and "New messages" are worth hearing.
        <li class="day" key={`day-${m.seq}`}>
          <span>{formatDay(m.createdAt)}</span>
        </li>,
      );
    }
    // Sequences have no gaps, so the first unread message is exactly the one after the read position.
    const firstUnread = unreadAfter !== null && m.seq === unreadAfter + 1;
    if (firstUnread) {
      rows.push(
        <li class="unread-divider" key="unread">
          <span>
            New<span class="visually-hidden"> messages</span>
          </span>
        </li>,
      );
    }
    rows.push(<MessageRow key={m.id} m={m} grouped={!firstUnread && groupedWith(prev, m)} mine={m.authorId === myId} surface={surface} />);
  }
  const last = messages[end - 1];
  let prevMine = last?.kind === 'user' && last.authorId === myId ? last.createdAt : 0;
  for (const item of pending) {
    const grouped = prevMine > 0 && item.createdAt - prevMine < GROUP_MS;
    rows.push(<PendingRow key={item.clientId} item={item} authorName={myName} grouped={grouped} />);
    prevMine = item.createdAt;
  }
  return rows;
}
