// Channels and DMs, with unread counts and presence; all derived from live state. The people of the workspace are
// too many to list here: "People" opens the directory.
import type { ComponentChildren } from 'preact';
import type { ConversationView } from '../../shared/protocol.js';
import { modKey } from '../lib/keys.js';
import { connection } from '../state/client.js';
import { channels, directMessages, dmPeer, unreadCount } from '../state/directory.js';
import { signOutEverywhere } from '../state/live.js';
import { unreadMentions } from '../state/mentions.js';
import { currentId, openConversation, openThreadsView, threadsView } from '../state/navigation.js';
import { allowed } from '../state/rights.js';
import { me } from '../state/session.js';
import { unreadThreads } from '../state/threads.js';
import { openDialog } from '../state/ui.js';
import { workspace } from '../state/workspace.js';
import { Avatar, PresenceDot } from './Avatar.js';
import { ConversationMenu } from './ConversationMenu.js';
import { Icon } from './Icon.js';
import { WorkspaceMark } from './WorkspaceMark.js';

export function Sidebar() {
  const user = me.value;
  // Others see you online only while a socket of yours is connected: show yourself the same way.
  const online = connection.value === 'online';
  return (
    <nav class="sidebar" aria-label="Conversations" id="sidebar">
      <header class="sidebar-head">
        <div class="brand">
          <WorkspaceMark icon={workspace.value?.icon} size={26} />
          <span class="workspace-name">{workspace.value?.name ?? 'Flack'}</span>
        </div>
        <button class="search-button" type="button" onClick={() => openDialog({ kind: 'switcher' })}>
          <Icon name="search" size={16} />
          <span>Jump to…</span>
          <kbd>{modKey} K</kbd>
        </button>
      </header>

      <div class="sidebar-scroll">
        <ul class="sidebar-top">
          <ThreadsItem />
          <li>
            <button type="button" class="item" onClick={() => openDialog({ kind: 'search' })} title={`Search messages (${modKey} F)`}>
              <span class="item-icon">
                <Icon name="search" size={16} />
              </span>
              <span class="item-label">Search</span>
            </button>
          </li>
          {allowed('administer') && (
            <li>
              <button type="button" class="item" onClick={() => openDialog({ kind: 'admin' })}>
                <span class="item-icon">
                  <Icon name="shield" size={16} />
                </span>
                <span class="item-label">Admin console</span>
              </button>
            </li>
          )}
        </ul>
        <Section
          title="Channels"
          action={allowed('createChannels') ? { label: 'Create channel', onClick: () => openDialog({ kind: 'create-channel' }) } : undefined}
        >
          {channels.value.map((c) => (
            <ConversationItem key={c.id} c={c} />
          ))}
          {allowed('browseChannels') && (
            <li>
              <button type="button" class="item subtle" onClick={() => openDialog({ kind: 'browse-channels' })}>
                <span class="item-icon">
                  <Icon name="compass" size={16} />
                </span>
                <span class="item-label">Browse channels</span>
              </button>
            </li>
          )}
        </Section>

        <Section title="Direct messages" action={{ label: 'New direct message', onClick: () => openDialog({ kind: 'new-dm' }) }}>
          {directMessages.value.map((c) => (
            <ConversationItem key={c.id} c={c} />
          ))}
          {directMessages.value.length === 0 && <li class="empty-hint">No conversations yet.</li>}
          <li>
            <button type="button" class="item subtle" onClick={() => openDialog({ kind: 'people' })}>
              <span class="item-icon">
                <Icon name="users" size={16} />
              </span>
              <span class="item-label">People</span>
            </button>
          </li>
        </Section>
      </div>

      {user && (
        <footer class="sidebar-foot">
          <button
            type="button"
            class="me"
            onClick={() => openDialog({ kind: 'account' })}
            title={`${user.username} (${online ? 'online' : 'offline'}): account settings`}
            aria-label={`${user.username} (${online ? 'online' : 'offline'}): account settings`}
          >
            <Avatar name={user.username} online={online} />
            <span class="me-name">{user.username}</span>
          </button>
          <button type="button" class="icon-button" onClick={() => void signOutEverywhere()} aria-label="Sign out" title="Sign out">
            <Icon name="logout" size={18} />
          </button>
        </footer>
      )}
    </nav>
  );
}

function Section(props: { title: string; action?: { label: string; onClick: () => void }; children: ComponentChildren }) {
  const id = `section-${props.title.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <section class="section" aria-labelledby={id}>
      <div class="section-head">
        <h2 id={id}>{props.title}</h2>
        {props.action && (
          <button type="button" class="icon-button small" onClick={props.action.onClick} aria-label={props.action.label} title={props.action.label}>
            <Icon name="plus" size={16} />
          </button>
        )}
      </div>
      <ul>{props.children}</ul>
    </section>
  );
}

function ThreadsItem() {
  const unread = unreadThreads.value;
  const active = threadsView.value;
  return (
    <li>
      <button
        type="button"
        class={`item ${active ? 'active' : ''} ${unread ? 'unread' : ''}`}
        aria-current={active ? 'page' : undefined}
        onClick={openThreadsView}
      >
        <span class="item-icon">
          <Icon name="thread" size={16} />
        </span>
        <span class="item-label">Threads</span>
        {unread > 0 && (
          <span class="badge" aria-label={`${unread} ${unread === 1 ? 'thread' : 'threads'} with unread replies`}>
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
    </li>
  );
}

function ConversationItem({ c }: { c: ConversationView }) {
  const unread = unreadCount(c);
  const mentioned = unread > 0 ? unreadMentions(c) : 0;
  // A muted conversation is not bold and shows no count, unless something in it mentions you.
  const shown = c.muted && !mentioned ? 0 : unread;
  const active = currentId.value === c.id && !threadsView.value;
  const peer = c.kind === 'dm' ? dmPeer(c) : undefined;
  return (
    <li class="has-menu">
      <button
        type="button"
        class={`item ${active ? 'active' : ''} ${shown ? 'unread' : ''} ${c.muted ? 'muted' : ''}`}
        aria-current={active ? 'page' : undefined}
        data-conversation={c.id}
        onClick={() => openConversation(c.id)}
      >
        <span class="item-icon">
          {c.kind === 'public' && <Icon name="hash" size={16} />}
          {c.kind === 'private' && <Icon name="lock" size={16} />}
          {c.kind === 'dm' && (peer ? <PresenceDot online={peer.online} /> : <span class="group-count">{c.memberCount}</span>)}
        </span>
        <span class="item-label">{c.name}</span>
        {c.kind === 'private' && <span class="visually-hidden">(private)</span>}
        {c.muted && <span class="visually-hidden">(muted)</span>}
        {shown > 0 && (
          <span
            class={`badge ${mentioned ? 'mention' : ''}`}
            aria-label={`${unread} unread${mentioned && c.kind !== 'dm' ? `, ${mentioned} mentioning you` : ''}`}
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <ConversationMenu c={c} class="row-menu" />
    </li>
  );
}
