// One open conversation: header, messages, who is typing, composer.
import type { ConversationView } from '../../shared/protocol.js';
import { isBlocked, setBlocked } from '../state/blocks.js';
import { conversationTitle, dmPeer, unreadCount } from '../state/directory.js';
import { draftKey } from '../state/drafts.js';
import { errorText } from '../lib/errors.js';
import { pendingFor } from '../state/messages.js';
import { allowed, rightsIn } from '../state/rights.js';
import { ensureUsers } from '../state/people.js';
import { drawerOpen, markRead, openThread } from '../state/navigation.js';
import { timelineFor } from '../state/timeline.js';
import { typists, typingText } from '../state/typing.js';
import { openDialog, showNotice } from '../state/ui.js';
import { Composer } from './Composer.js';
import { ChannelStateTags } from './ChannelSettings.js';
import { ConversationMenu } from './ConversationMenu.js';
import { useFileDrop } from './FileDrop.js';
import { Icon } from './Icon.js';
import { MessageList } from './MessageList.js';
import { AnnouncementBar, ArchivedBar } from './PostingBars.js';

export function ConversationPane({ conversation: c }: { conversation: ConversationView }) {
  const timeline = timelineFor(c.id);
  const title = conversationTitle(c);
  const peer = c.kind === 'dm' ? dmPeer(c) : undefined;
  // Known before it is needed: a deletion's notice names the channel's creator.
  if (c.kind !== 'dm') ensureUsers([c.createdBy]);
  const typing = typingText((typists.value.get(c.id) ?? []).map((t) => t.username));
  const label = c.kind === 'dm' ? title : `#${title}`;
  // On a phone the thread panel takes the whole screen: the conversation behind it is not being read.
  const covered = openThread.value !== null && matchMedia('(max-width: 760px)').matches;
  const blocked = !!peer && isBlocked(peer.id);
  const drop = useFileDrop(blocked ? null : draftKey(c.id, null), `in ${label}`);

  return (
    <main class="pane" aria-label={label} {...drop.attrs}>
      {drop.overlay}
      <header class="pane-head">
        <MenuButton />
        <div class="pane-title">
          <h1>
            <span class="title-icon">
              {c.kind === 'public' && <Icon name="hash" size={18} />}
              {c.kind === 'private' && <Icon name="lock" size={18} />}
              {c.kind === 'dm' && <Icon name="message" size={18} />}
            </span>
            <span class="title-text">{title}</span>
            {c.kind === 'private' && <span class="visually-hidden"> (private channel)</span>}
            <ChannelStateTags c={c} />
          </h1>
          {c.kind !== 'dm' && c.topic && (
            <p class="topic" title={c.topic}>
              {c.topic}
            </p>
          )}
          {peer && <p class="topic">{peer.online ? 'Online' : 'Offline'}</p>}
        </div>
        <button
          type="button"
          class="members-button"
          onClick={() => openDialog({ kind: 'details', conversationId: c.id })}
          aria-label={`${c.kind === 'dm' ? 'Conversation' : 'Channel'} details: ${c.memberCount} members`}
          title="Members and settings"
        >
          <Icon name="users" size={16} />
          <span>{c.memberCount}</span>
        </button>
        {c.isMember && <ConversationMenu c={c} />}
      </header>

      <MessageList
        timeline={timeline}
        surface="main"
        label={`Messages in ${label}`}
        noun="messages"
        pending={pendingFor(c.id)}
        read={{ unread: unreadCount(c) > 0, lastReadSeq: c.lastReadSeq }}
        markRead={(seq) => markRead(c.id, seq)}
        visible={!covered}
        beginning={
          <div class="beginning">
            <h2>{c.kind === 'dm' ? `This is the beginning of your conversation with ${title}.` : `This is the very beginning of ${label}.`}</h2>
            {c.topic && <p class="muted">{c.topic}</p>}
          </div>
        }
      />

      {/* Not a live region: typing.ts announces the start of typing once (see someoneTyping). */}
      <div class="typing">
        {typing && (
          <>
            <span class="typing-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {typing}
          </>
        )}
      </div>
      {peer && blocked ? (
        <BlockedBar userId={peer.id} name={peer.username} />
      ) : c.archived ? (
        <ArchivedBar c={c} />
      ) : !rightsIn(c).post ? (
        <AnnouncementBar />
      ) : (
        <Composer conversationId={c.id} placeholder={`Message ${label}`} />
      )}
    </main>
  );
}

/** In place of the composer of someone you blocked: nobody can write here until you unblock them. */
function BlockedBar({ userId, name }: { userId: number; name: string }) {
  return (
    <div class="blocked-bar">
      <p>
        You blocked <strong>{name}</strong>. Neither of you can send messages here.
      </p>
      <button type="button" class="btn small" onClick={() => void setBlocked(userId, false).catch((e: unknown) => showNotice(errorText(e)))}>
        Unblock {name}
      </button>
    </div>
  );
}

export function MenuButton() {
  return (
    <button
      type="button"
      class="icon-button menu-button"
      aria-label="Open sidebar"
      aria-controls="sidebar"
      aria-expanded={drawerOpen.value}
      onClick={() => (drawerOpen.value = !drawerOpen.value)}
    >
      <Icon name="menu" size={20} />
    </button>
  );
}

export function EmptyPane() {
  return (
    <main class="pane empty-pane" aria-label="No conversation">
      <header class="pane-head">
        <MenuButton />
      </header>
      <div class="empty-state">
        <Icon name="message" size={40} />
        <h1>Nothing open yet</h1>
        <p class="muted">Join a channel or start a conversation with someone from the People list.</p>
        <div class="row">
          {allowed('browseChannels') && (
            <button class="btn primary" type="button" onClick={() => openDialog({ kind: 'browse-channels' })}>
              Browse channels
            </button>
          )}
          {allowed('createChannels') && (
            <button class="btn" type="button" onClick={() => openDialog({ kind: 'create-channel' })}>
              Create a channel
            </button>
          )}
        </div>
      </div>
    </main>
  );
}
