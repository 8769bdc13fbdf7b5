// The confirmations of leaving a group DM, blocking someone, deleting or archiving a channel and notifying a big
// channel: each says what will happen.
import type { FileInfo } from '../../shared/files.js';
import { setBlocked } from '../state/blocks.js';
import { setArchived } from '../state/channelSettings.js';
import { submitMessage } from '../state/compose.js';
import { deleteChannel, leaveGroupDm } from '../state/conversationActions.js';
import { conversations, conversationTitle } from '../state/directory.js';
import { personById } from '../state/people.js';
import { ConfirmDialog } from './ConfirmDialog.js';

export function LeaveDmDialog({ conversationId }: { conversationId: number }) {
  const c = conversations.value.get(conversationId);
  if (!c) return null;
  return (
    <ConfirmDialog title="Leave this conversation?" confirm="Leave conversation" onConfirm={() => leaveGroupDm(c.id)}>
      <p>
        You will no longer see your conversation with <strong>{conversationTitle(c)}</strong> or get its messages. The others
        keep it and are told that you left.
      </p>
    </ConfirmDialog>
  );
}

export function BlockDialog({ userId }: { userId: number }) {
  const name = personById(userId)?.username ?? 'them';
  return (
    <ConfirmDialog title={`Block ${name}?`} confirm={`Block ${name}`} onConfirm={() => setBlocked(userId, true)}>
      <p>
        {name} will not be able to start a direct message with you or add you to a group conversation, and neither of you
        will be able to write in your direct messages. You still see each other in channels.
      </p>
      <p class="muted">You can unblock {name} at any time.</p>
    </ConfirmDialog>
  );
}

export function DeleteChannelDialog({ conversationId }: { conversationId: number }) {
  const c = conversations.value.get(conversationId);
  if (!c) return null;
  return (
    <ConfirmDialog title={`Delete #${c.name}?`} confirm={`Delete #${c.name}`} onConfirm={() => deleteChannel(c.id)}>
      <p>
        Everything in <strong>#{c.name}</strong> will be gone for everyone: all its messages, threads and reactions.
        Its {c.memberCount === 1 ? 'member loses' : `${c.memberCount} members lose`} it at once.
      </p>
      <p class="muted">This cannot be undone.</p>
    </ConfirmDialog>
  );
}

export function ArchiveChannelDialog({ conversationId }: { conversationId: number }) {
  const c = conversations.value.get(conversationId);
  if (!c) return null;
  return (
    <ConfirmDialog title={`Archive #${c.name}?`} confirm={`Archive #${c.name}`} onConfirm={() => setArchived(c.id, true)}>
      <p>
        <strong>#{c.name}</strong> becomes read-only for everyone: nobody can send, reply, edit or react there. It leaves
        everyone’s sidebar, but its messages stay readable and searchable.
      </p>
      <p class="muted">You can unarchive it at any time from its details.</p>
    </ConfirmDialog>
  );
}

interface NotifyProps {
  conversationId: number;
  body: string;
  files: readonly FileInfo[];
  everyone: boolean;
}

export function NotifyEveryoneDialog({ conversationId, body, files, everyone }: NotifyProps) {
  const c = conversations.value.get(conversationId);
  if (!c) return null;
  const who = everyone ? `all ${c.memberCount} members` : `everyone online of its ${c.memberCount} members`;
  return (
    <ConfirmDialog
      title={`Notify ${everyone ? 'everyone' : 'everyone online'} in #${c.name}?`}
      confirm="Send and notify"
      onConfirm={async () => submitMessage(conversationId, null, body, files, true)}
    >
      <p>
        Your message uses <strong>{everyone ? '@channel' : '@here'}</strong>: it notifies {who} of <strong>#{c.name}</strong>.
      </p>
    </ConfirmDialog>
  );
}
