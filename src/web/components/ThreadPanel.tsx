// A thread beside the conversation (full screen on a phone): its first message, its replies (paged back like the
// conversation), and a composer for replies. It takes focus when it opens and gives it back when it closes; Esc
// closes it. Replies are marked read while the panel is at its newest reply in a window you are looking at.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Message } from '../../shared/protocol.js';
import { conversations, conversationTitle } from '../state/directory.js';
import { draftKey } from '../state/drafts.js';
import { pendingFor } from '../state/messages.js';
import { closeThreadPanel } from '../state/navigation.js';
import { me } from '../state/session.js';
import { followed, markThreadRead, unreadReplies } from '../state/threads.js';
import { threadFor } from '../state/timeline.js';
import { Composer } from './Composer.js';
import { useFileDrop } from './FileDrop.js';
import { Icon } from './Icon.js';
import { MessageList } from './MessageList.js';
import { MessageRow } from './MessageRow.js';
import { ArchivedBar } from './PostingBars.js';
import { replyCount } from './ThreadSummary.js';

const coarse = () => matchMedia('(pointer: coarse)').matches;

export function ThreadPanel({ conversationId, rootId }: { conversationId: number; rootId: number }) {
  const thread = threadFor(conversationId, rootId);
  const root = thread.root.value;
  const c = conversations.value.get(conversationId);
  const state = followed.value.get(rootId);
  const panel = useRef<HTMLElement>(null);
  const where = c ? (c.kind === 'dm' ? conversationTitle(c) : `#${conversationTitle(c)}`) : '';
  const closed = !!root && root.deletedAt !== null;
  const drop = useFileDrop(closed ? null : draftKey(conversationId, rootId), 'in this thread');

  // Read while rendering for the first time: by the time effects run, the composer has taken focus.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  useLayoutEffect(() => {
    // The composer focuses itself, except on touch screens (that would pop the keyboard): there, the heading.
    if (coarse()) panel.current?.querySelector<HTMLElement>('.thread-head h2')?.focus();
    const inside = () => panel.current?.contains(document.activeElement) || document.activeElement === document.body;
    return () => {
      if (!inside()) return; // the user has moved on (clicked into the conversation): leave focus there
      if (opener?.isConnected && !panel.current?.contains(opener)) opener.focus();
      else document.querySelector<HTMLElement>('.composer[data-surface="main"] textarea')?.focus();
    };
  }, []);

  return (
    <aside
      class="thread-panel"
      ref={panel}
      aria-label={`Thread in ${where}`}
      {...drop.attrs}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          closeThreadPanel();
        }
      }}
    >
      {drop.overlay}
      <header class="pane-head thread-head">
        <div class="pane-title">
          <h2 tabIndex={-1}>Thread</h2>
          <p class="topic">{where}</p>
        </div>
        <button type="button" class="icon-button" aria-label="Close thread" title="Close (Esc)" onClick={closeThreadPanel}>
          <Icon name="close" size={18} />
        </button>
      </header>
      <MessageList
        key={rootId}
        timeline={thread}
        surface="thread"
        label={`Replies to ${root?.authorName ?? 'the message'}`}
        noun="replies"
        pending={pendingFor(conversationId, rootId)}
        read={{ unread: !!state && unreadReplies(state) > 0, lastReadSeq: state?.lastReadSeq ?? 0 }}
        markRead={(seq) => markThreadRead(rootId, seq)}
        beginning={root && <Root m={root} />}
      />
      {root?.deletedAt !== null && root ? (
        <p class="thread-closed muted">This message was deleted: its thread takes no more replies.</p>
      ) : c?.archived ? (
        <ArchivedBar c={c} />
      ) : (
        <Composer conversationId={conversationId} threadId={rootId} placeholder="Reply…" />
      )}
    </aside>
  );
}

function Root({ m }: { m: Message }) {
  const n = m.thread?.replyCount ?? 0;
  return (
    <div class="thread-root">
      <ol class="message-list">
        <MessageRow m={m} grouped={false} mine={m.authorId === me.value?.id} surface="thread" />
      </ol>
      <p class="thread-count" role="separator" aria-label={n ? replyCount(n) : 'No replies yet'}>
        <span>{n ? replyCount(n) : 'No replies yet'}</span>
      </p>
    </div>
  );
}
