// The scrolling list of a conversation's messages, or of a thread's replies. It renders a window of at most WINDOW
// messages out of everything held, so a conversation with 10,000 loaded messages keeps a small DOM. Whenever the
// window or the content above the viewport changes, the first visible message is pinned to where it was, so nothing
// jumps. A jump (state/jump.ts) moves the window to its message and centres it; a detached timeline (one whose window
// ends in the past) pages down at the bottom instead of following the newest message, and reads nothing.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Message } from '../../shared/protocol.js';
import { attending } from '../state/attention.js';
import { highlighted, jumpTargets, reached } from '../state/jump.js';
import type { OutboxItem } from '../state/outbox.js';
import { me } from '../state/session.js';
import type { Timeline } from '../state/timeline.js';
import { jumpToLatest, type Surface } from '../state/ui.js';
import { Icon } from './Icon.js';
import { messageRows } from './messageRows.js';
import { useUnreadMarker, type ReadPosition } from './unreadMarker.js';

const WINDOW = 150; // messages in the DOM at most
const STEP = 50; // how far the window moves at a time
const EDGE_PX = 600; // start extending this far from either end
const BOTTOM_SLACK_PX = 48;
const DIVIDER_MARGIN_PX = 40; // room above the "New" divider when the list opens at it

const nearBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;

/** Index just past the last message with seq ≤ seq. */
function endIndexFor(messages: readonly Message[], seq: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Props {
  timeline: Timeline;
  surface: Surface;
  /** Names the scrolling region: "Messages in #general", "Replies". */
  label: string;
  /** What "messages" are here, for the loading lines: "messages", "replies". */
  noun: string;
  /** Unsent messages, shown after the newest ones. */
  pending: readonly OutboxItem[];
  read: ReadPosition;
  markRead: (seq: number) => void;
  /** Above the first message, once everything is loaded. */
  beginning: ComponentChildren;
  /** False while something covers the whole list (the thread panel on a phone): nothing is read then. */
  visible?: boolean;
}

export function MessageList({ timeline, surface, label, noun, pending, read, markRead, beginning, visible = true }: Props) {
  const messages = timeline.messages.value;
  const hasMore = timeline.hasMore.value;
  const ready = timeline.ready.value;
  const myId = me.value?.id;

  // null: the window ends at the newest message and follows new ones ("live").
  const [endSeq, setEndSeq] = useState<number | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [seenSeq, setSeenSeq] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const placed = useRef(false);
  const unreadAfter = useUnreadMarker(read);
  const anchor = useRef<{ seq: string; offset: number } | null>(null);

  const detached = timeline.hasNewer.value;
  const live = endSeq === null && !detached;
  const end = endSeq === null ? messages.length : endIndexFor(messages, endSeq);
  const start = Math.max(0, end - WINDOW);
  const newest = messages.at(-1);
  const newestSeq = newest?.seq ?? 0;

  // Everything below is read inside event handlers; keep the latest values at hand.
  const view = useRef({ start, end, live, messages, hasMore, detached });
  view.current = { start, end, live, messages, hasMore, detached };
  // The seq to centre after the next render (a jump's target).
  const centre = useRef<number | null>(null);

  const captureAnchor = () => {
    const el = scroller.current;
    const items = list.current?.children;
    if (!el || !items) return;
    for (const node of items) {
      const li = node as HTMLElement;
      if (li.dataset.seq && li.offsetTop + li.offsetHeight > el.scrollTop) {
        anchor.current = { seq: li.dataset.seq, offset: li.offsetTop - el.scrollTop };
        return;
      }
    }
  };

  const extend = () => {
    const el = scroller.current;
    // A jump's target is about to be centred: wherever the view is now does not count.
    if (!el || centre.current !== null) return;
    const v = view.current;
    if (el.scrollTop < EDGE_PX) {
      if (v.start > 0) {
        const newEnd = Math.max(v.end - STEP, Math.min(WINDOW, v.messages.length));
        if (newEnd < v.end) setEndSeq(v.messages[newEnd - 1]!.seq);
      } else if (v.hasMore) {
        void timeline.loadOlder();
      }
    }
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (!v.live && fromBottom < EDGE_PX) {
      const newEnd = v.end + STEP;
      if (newEnd < v.messages.length) setEndSeq(v.messages[newEnd - 1]!.seq);
      else if (v.detached) {
        setEndSeq(null);
        void timeline.loadNewer();
      } else {
        // Back at the newest message: follow it again if the user is at the very bottom.
        setEndSeq(null);
        stick.current = fromBottom < BOTTOM_SLACK_PX;
      }
    }
  };

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const bottom = nearBottom(el);
    stick.current = bottom && view.current.live;
    setAtBottom(bottom);
    captureAnchor();
    extend();
  };

  // After every render: stay at the bottom if we were there, else keep the anchor message in place.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const seq = centre.current;
    const target = seq === null ? null : list.current?.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
    if (target) {
      centre.current = null;
      placed.current = true;
      stick.current = false;
      el.scrollTop = target.offsetTop - (el.clientHeight - target.offsetHeight) / 2;
      const marked = target.dataset.id === String(highlighted.value);
      if (marked) target.focus({ preventScroll: true });
      captureAnchor();
      return;
    }
    if (!placed.current && ready && !aimed) {
      placed.current = true;
      // Opened with more unread than fits on screen: start reading at the "New" divider, not at the bottom.
      const divider = list.current?.querySelector<HTMLElement>('.unread-divider');
      if (divider && divider.offsetTop - DIVIDER_MARGIN_PX < el.scrollHeight - el.clientHeight) {
        stick.current = false;
        el.scrollTop = divider.offsetTop - DIVIDER_MARGIN_PX;
        captureAnchor();
        return;
      }
    }
    if (stick.current && !aimed) {
      el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      const node = list.current?.querySelector<HTMLElement>(`[data-seq="${anchor.current.seq}"]`);
      if (node) el.scrollTop = node.offsetTop - anchor.current.offset;
    }
    captureAnchor();
  });

  // The list got shorter (files attached above the composer, a longer text): still at the bottom if it was there.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const resized = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    resized.observe(el);
    return () => resized.disconnect();
  }, []);

  // A short first page (or a window that moved) may leave us near an edge without any scrolling to come.
  useEffect(() => {
    if (ready) requestAnimationFrame(extend);
  }, [ready, start, end, messages.length]);

  // A jump to a message here: once it is held, the window moves to hold it too, and it is centred.
  const aim = jumpTargets.value[surface];
  const aimed = aim && aim.conversationId === timeline.conversationId && aim.threadId === timeline.threadId ? aim : null;
  useEffect(() => {
    if (!aimed || !ready) return;
    const i = messages.findIndex((m) => m.seq === aimed.seq);
    // A thread opens at its newest replies: an older one is not looked for.
    if (i < 0) return void (surface === 'thread' && reached(surface));
    const last = Math.min(i + STEP, messages.length) - 1;
    setEndSeq(last === messages.length - 1 ? null : messages[last]!.seq);
    centre.current = aimed.seq;
    reached(surface);
  }, [aimed, ready, messages]);

  // Sending jumps to the newest message.
  const jumps = jumpToLatest.value[surface];
  useEffect(() => {
    if (!jumps) return;
    goLatest();
  }, [jumps]);

  // At the bottom of the live window, in a visible tab of a focused window: everything is read.
  const following = atBottom && live;
  const present = attending.value && visible;
  useEffect(() => {
    if (!following || !ready) return;
    setSeenSeq(newestSeq);
    // The DOM has the last word: the list may have just opened at the "New" divider, before any scroll event.
    const el = scroller.current;
    if (present && newestSeq && el && nearBottom(el)) markRead(newestSeq);
  }, [following, ready, newestSeq, timeline, present]);

  const unseen = messages.filter((m) => m.seq > seenSeq && m.authorId !== myId).length;
  const showPill = !following && ready && !detached && unseen > 0 && seenSeq > 0;
  const showJump = !following && ready && !showPill && (!live || !atBottom);

  function goLatest() {
    // A detached window is replaced by the newest page first; what arrived meanwhile was kept (see timeline.ts).
    if (view.current.detached) void timeline.showNewest().then(follow);
    else follow();
  }
  function follow() {
    stick.current = true;
    setEndSeq(null);
    setAtBottom(true);
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }

  const rows = messageRows({
    messages,
    start,
    end,
    pending: live ? pending : [],
    myId,
    myName: me.value?.username ?? '',
    unreadAfter,
    surface,
  });

  return (
    <div class="messages-wrap">
      <div class="messages" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label={label}>
        <div class="messages-top">
          {!hasMore && start === 0 ? (
            beginning
          ) : (
            <div class="loading-older" role="status">
              {(timeline.loadingOlder.value || !ready) && (
                <>
                  <span class="spinner small" aria-hidden="true" />
                  {ready ? `Loading older ${noun}…` : `Loading ${noun}…`}
                </>
              )}
            </div>
          )}
        </div>
        {timeline.error.value && !ready && (
          <p class="list-error" role="alert">
            Could not load {noun}: {timeline.error.value}{' '}
            <button type="button" class="link" onClick={() => void timeline.loadNewest()}>
              Try again
            </button>
          </p>
        )}
        <ol class="message-list" ref={list}>
          {rows}
        </ol>
        {detached && (
          <div class="loading-newer" role="status">
            {timeline.loadingNewer.value && (
              <>
                <span class="spinner small" aria-hidden="true" />
                Loading newer {noun}…
              </>
            )}
          </div>
        )}
      </div>
      {(showPill || showJump) && (
        <button type="button" class={`pill ${showPill ? '' : 'quiet'}`} onClick={goLatest}>
          {showPill ? 'New messages' : 'Jump to newest'}
          <Icon name="down" size={14} />
        </button>
      )}
    </div>
  );
}
