// A conversation's members and settings: topic, invite, remove (creator of a private channel), leave, delete (creator);
// for a DM: hide, leave (groups), block.
import { useEffect, useState } from 'preact/hooks';
import type { User } from '../../shared/protocol.js';
import { rpc } from '../state/client.js';
import { conversations, conversationTitle, users } from '../state/directory.js';
import { rightsIn } from '../state/rights.js';
import { me } from '../state/session.js';
import { closeDialog, openDialog, showNotice } from '../state/ui.js';
import { PresenceDot } from './Avatar.js';
import { dmItems } from './ConversationMenu.js';
import { Dialog } from './Dialog.js';
import { InviteForm } from './InviteForm.js';
import { TopicEditor } from './TopicEditor.js';
import { errorText } from '../lib/errors.js';


export function DetailsDialog({ conversationId }: { conversationId: number }) {
  const c = conversations.value.get(conversationId);
  const [members, setMembers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const memberCount = c?.memberCount;

  useEffect(() => {
    rpc('conversation:members', { conversationId })
      .then((r) => setMembers(r.members.sort((a, b) => a.username.localeCompare(b.username))))
      .catch((e: unknown) => setError(errorText(e)));
  }, [conversationId, memberCount]);

  if (!c) return null;
  const channel = c.kind !== 'dm';
  const myId = me.value?.id;
  const rights = rightsIn(c);

  const remove = async (u: User) => {
    try {
      await rpc('channel:remove', { conversationId, userId: u.id });
      setMembers((m) => m?.filter((x) => x.id !== u.id) ?? null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const leave = async () => {
    try {
      await rpc('channel:leave', { conversationId });
      closeDialog();
      showNotice(`You left #${c.name}.`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Dialog title={channel ? `#${c.name}` : conversationTitle(c)} wide>
      {channel && <TopicEditor conversationId={c.id} topic={c.topic} />}
      {channel && <InviteForm conversationId={c.id} onInvited={(u) => setMembers((m) => (m && !m.some((x) => x.id === u.id) ? [...m, u] : m))} />}
      <h3 class="dialog-subhead">
        Members <span class="muted">{members?.length ?? c.memberCount}</span>
      </h3>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <ul class="member-list" aria-label="Members">
        {(members ?? []).map((u) => (
          <li key={u.id} class="member">
            <PresenceDot online={users.value.get(u.id)?.online ?? false} />
            <span class="member-name">
              {u.username}
              {u.id === myId && <span class="muted"> (you)</span>}
              {channel && u.id === c.createdBy && <span class="tag">creator</span>}
            </span>
            {rights.removeMembers && u.id !== myId && (
              <button type="button" class="btn small danger-ghost" onClick={() => void remove(u)} aria-label={`Remove ${u.username} from #${c.name}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {channel ? (
        <div class="dialog-actions spread">
          <div class="row">
            <button type="button" class="btn danger" onClick={() => void leave()}>
              Leave #{c.name}
            </button>
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
