// A conversation's members and settings: topic, invite (not guests), remove (creator of a private channel, or an
// admin), leave, archive and delete (creator, or an admin), who posts and how long messages are kept (admins); for a
// DM: hide, leave (groups), block.
import { useState } from 'preact/hooks';
import type { User } from '../../shared/protocol.js';
import { conversationMembers } from '../state/browse.js';
import { setArchived } from '../state/channelSettings.js';
import { leaveChannel } from '../state/conversationActions.js';
import { connection, rpc } from '../state/client.js';
import { conversations, conversationTitle, users } from '../state/directory.js';
import { rightsIn } from '../state/rights.js';
import { me } from '../state/session.js';
import { closeDialog, openDialog } from '../state/ui.js';
import { PresenceDot } from './Avatar.js';
import { dmItems } from './ConversationMenu.js';
import { ChannelSettings, ChannelStateTags } from './ChannelSettings.js';
import { Dialog } from './Dialog.js';
import { InviteForm } from './InviteForm.js';
import { RoleBadge } from './RoleBadge.js';
import { TopicEditor } from './TopicEditor.js';
import { errorText } from '../lib/errors.js';
import { LoadMore } from './LoadMore.js';
import { usePages, useWatchPresence } from './usePages.js';

// The server's order: usernames compare lower-cased.
const byName = (a: User, b: User) => (a.username.toLowerCase() < b.username.toLowerCase() ? -1 : 1);

export function DetailsDialog({ conversationId }: { conversationId: number }) {
  const c = conversations.value.get(conversationId);
  // Members by username, 100 at a time. Joins and leaves while the dialog is open change the count above the list;
  // the list itself changes only by what is done here (invite, remove), so the pages already loaded stay put.
  const members = usePages((after) => conversationMembers(conversationId, after), String(conversationId));
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? members.error;
  useWatchPresence(members.items.filter((u) => u.id !== me.value?.id).map((u) => u.id));

  if (!c) return null;
  const channel = c.kind !== 'dm';
  const myId = me.value?.id;
  const rights = rightsIn(c);

  const remove = async (u: User) => {
    try {
      await rpc('channel:remove', { conversationId, userId: u.id });
      members.update((m) => m.filter((x) => x.id !== u.id));
    } catch (e) {
      setError(errorText(e));
    }
  };

  const leave = async () => {
    try {
      await leaveChannel(conversationId);
      closeDialog();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Dialog title={channel ? `#${c.name}` : conversationTitle(c)} wide>
      {channel && <ChannelStateTags c={c} />}
      {channel && <TopicEditor conversationId={c.id} topic={c.topic} editable={rights.editTopic} />}
      {rights.addMembers && <InviteForm conversationId={c.id} onInvited={(u) => members.update((m) => (m.some((x) => x.id === u.id) || members.more ? m : [...m, u].sort(byName)))} />}
      {rights.configure && <ChannelSettings c={c} />}
      <h3 class="dialog-subhead">
        Members <span class="muted">{c.memberCount}</span>
      </h3>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <ul class="member-list" aria-label="Members">
        {members.items.map((u) => (
          <li key={u.id} class="member">
            <PresenceDot online={u.id === myId ? connection.value === 'online' : (users.value.get(u.id)?.online ?? false)} />
            <span class="member-name">
              {u.username}
              {u.id === myId && <span class="muted"> (you)</span>}
              <RoleBadge role={(users.value.get(u.id) ?? u).role} bot={(users.value.get(u.id) ?? u).bot} />
              {channel && u.id === c.createdBy && <span class="tag">creator</span>}
            </span>
            {rights.removeMembers && u.id !== myId && (
              <button type="button" class="btn small danger-ghost" onClick={() => void remove(u)} aria-label={`Remove ${u.username} from #${c.name}`}>
                Remove
              </button>
            )}
          </li>
        ))}
        <LoadMore pages={members} />
      </ul>
      {channel ? (
        <div class="dialog-actions spread">
          <div class="row">
            <button type="button" class="btn danger" onClick={() => void leave()}>
              Leave #{c.name}
            </button>
            {rights.archive && (
              <button
                type="button"
                class="btn"
                onClick={() => (c.archived ? void setArchived(c.id, false).catch((e: unknown) => setError(errorText(e))) : openDialog({ kind: 'archive-channel', conversationId: c.id }))}
              >
                {c.archived ? 'Unarchive' : 'Archive channel'}
              </button>
            )}
            {rights.deleteChannel && (
              <button type="button" class="btn danger-ghost" onClick={() => openDialog({ kind: 'delete-channel', conversationId: c.id })}>
                Delete channel
              </button>
            )}
          </div>
          <button type="button" class="btn" onClick={closeDialog}>
            Done
          </button>
        </div>
      ) : (
        <div class="dialog-actions spread">
          <div class="row">
            {dmItems(c).map((item) => (
              <button
                key={item.label}
                type="button"
                class={`btn ${item.danger ? 'danger' : ''}`}
                onClick={() => {
                  // Each either takes the DM away or opens its confirmation in place of this dialog.
                  closeDialog();
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            ))}
          </div>
          <button type="button" class="btn" onClick={closeDialog}>
            Done
          </button>
        </div>
      )}
    </Dialog>
  );
}
