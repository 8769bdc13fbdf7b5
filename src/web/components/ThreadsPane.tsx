// The Threads view: every thread you follow, most recent activity first, with its conversation, its first message,
// how many replies it has and how many you have not read. A click opens the thread beside the list.
import { useEffect } from 'preact/hooks';
import { conversationTitle } from '../state/directory.js';
import { openThread, openThreadPanel } from '../state/navigation.js';
import { loadThreadList, threadItems, threadList } from '../state/threadList.js';
import { unreadReplies } from '../state/threads.js';
import { filesText } from '../lib/files.js';
import { formatFull, isoTime } from '../lib/format.js';
import { Avatar } from './Avatar.js';
import { MenuButton } from './ConversationPane.js';
import { Icon } from './Icon.js';
import { Body } from './MessageRow.js';
import { lastReply, replyCount } from './ThreadSummary.js';

export function ThreadsPane() {
  useEffect(() => void loadThreadList(), []);
  const items = threadItems.value;
  const list = threadList.value;
  const open = openThread.value?.rootId;

  return (
    <main class="pane threads-pane" aria-label="Threads">
      <header class="pane-head">
        <MenuButton />
        <div class="pane-title">
          <h1>
            <span class="title-icon">
              <Icon name="thread" size={18} />
            </span>
            <span class="title-text">Threads</span>
          </h1>
          <p class="topic">Threads you started or replied to</p>
        </div>
      </header>
      <div class="threads-scroll">
        {items.length > 0 && (
          <ul class="thread-items">
            {items.map(({ root, state, conversation }) => {
              const unread = unreadReplies(state);
              const where = conversation.kind === 'dm' ? conversationTitle(conversation) : `#${conversationTitle(conversation)}`;
              return (
                <li key={root.id}>
                  <button
                    type="button"
                    class={`thread-item ${unread ? 'unread' : ''} ${open === root.id ? 'active' : ''}`}
                    aria-current={open === root.id ? 'true' : undefined}
                    data-root={root.id}
                    onClick={() => openThreadPanel(conversation.id, root.id)}
                  >
                    <span class="thread-item-head">
                      <span class="thread-where">{where}</span>
                      <time dateTime={isoTime(state.lastReplyAt)} title={formatFull(state.lastReplyAt)}>
                        {lastReply(state.lastReplyAt)}
                      </time>
                    </span>
                    <span class="thread-item-root">
                      <Avatar name={root.authorName} size="sm" />
                      <span class="thread-item-text">
                        <strong class="author">{root.authorName}</strong>
                        <span class="body">
                          {root.deletedAt !== null ? 'This message was deleted.' : root.body ? <Body text={root.body} /> : filesText(root.files ?? [])}
                        </span>
                      </span>
                    </span>
                    <span class="thread-item-foot">
                      <span class="reply-count">{replyCount(state.replyCount)}</span>
                      {unread > 0 && <span class="thread-new">{unread} new</span>}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {!list.loading && !list.error && items.length === 0 && (
          <div class="empty-state">
            <Icon name="thread" size={40} />
            <h2>No threads yet</h2>
            <p class="muted">Reply to a message in a thread, or get a reply to yours: the thread shows up here.</p>
          </div>
        )}
        <div class="threads-foot" role="status">
          {list.loading && (
            <>
              <span class="spinner small" aria-hidden="true" />
              Loading threads…
            </>
          )}
          {list.error && (
            <span class="list-error">
              Could not load threads: {list.error}{' '}
              <button type="button" class="link" onClick={() => void loadThreadList(items.length > 0)}>
                Try again
              </button>
            </span>
          )}
          {!list.loading && !list.error && list.hasMore && items.length > 0 && (
            <button type="button" class="btn" onClick={() => void loadThreadList(true)}>
              Load more threads
            </button>
          )}
        </div>
      </div>
    </main>
  );
}
