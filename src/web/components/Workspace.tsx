// The signed-in screen: sidebar, the open conversation, dialogs, and global keyboard shortcuts.
import { useEffect } from 'preact/hooks';
import { isModF, isModK } from '../lib/keys.js';
import { conversations } from '../state/directory.js';
import { closeThreadPanel, currentId, drawerOpen, openThread, step, threadsView } from '../state/navigation.js';
import { announcement, dialog, notice, openDialog } from '../state/ui.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { ConversationPane, EmptyPane } from './ConversationPane.js';
import { Dialogs } from './Dialogs.js';
import { guardStrayDrops } from './FileDrop.js';
import { Sidebar } from './Sidebar.js';
import { ThreadPanel } from './ThreadPanel.js';
import { ThreadsPane } from './ThreadsPane.js';

export function Workspace() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        e.preventDefault();
        step(e.key === 'ArrowUp' ? -1 : 1);
      } else if (isModK(e)) {
        e.preventDefault();
        openDialog({ kind: 'switcher' });
      } else if (isModF(e) && !dialog.value) {
        e.preventDefault();
        openDialog({ kind: 'search' });
      } else if (e.key === 'Escape' && drawerOpen.value && !dialog.value) {
        drawerOpen.value = false;
      } else if (e.key === 'Escape' && openThread.value && !dialog.value && !e.defaultPrevented) {
        closeThreadPanel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(guardStrayDrops, []);

  // The phone drawer takes focus when it opens and gives it back to the menu button when it closes.
  const drawer = drawerOpen.value;
  useEffect(() => {
    if (drawer) document.querySelector<HTMLElement>('.sidebar .item.active, .sidebar button')?.focus();
    else if (document.activeElement?.closest('.sidebar') && matchMedia('(max-width: 760px)').matches) {
      document.querySelector<HTMLElement>('.menu-button')?.focus();
    }
  }, [drawer]);

  const current = currentId.value === null ? undefined : conversations.value.get(currentId.value);
  const thread = openThread.value;
  return (
    <div class={`workspace ${drawerOpen.value ? 'drawer-open' : ''} ${thread ? 'thread-open' : ''}`}>
      <ConnectionBanner />
      <div class="workspace-body">
        <Sidebar />
        <div class="scrim" onClick={() => (drawerOpen.value = false)} aria-hidden="true" />
        {threadsView.value ? (
          <ThreadsPane />
        ) : current?.isMember ? (
          <ConversationPane key={current.id} conversation={current} />
        ) : (
          <EmptyPane />
        )}
        {thread && <ThreadPanel key={thread.rootId} conversationId={thread.conversationId} rootId={thread.rootId} />}
      </div>
      {notice.value && (
        <div class="toast" role="status" key={notice.value.id}>
          {notice.value.text}
        </div>
      )}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement.value}
      </div>
      <Dialogs />
    </div>
  );
}
