// "Delete message?": the message is shown once more, and deleting it is confirmed by a button, not a key.
import { filesText } from '../lib/files.js';
import { formatFull } from '../lib/format.js';
import { deleteMessage, heldMessage } from '../state/messageActions.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { Body } from './MessageRow.js';

export function DeleteMessageDialog({ conversationId, messageId }: { conversationId: number; messageId: number }) {
  const m = heldMessage(conversationId, messageId);
  if (!m || m.deletedAt !== null) return null;
  return (
    <ConfirmDialog
      title="Delete message?"
      description={`Everyone will see “This message was deleted.” in its place${m.files?.length ? ', and its files go with it' : ''}. This cannot be undone.`}
      confirm="Delete"
      onConfirm={() => deleteMessage(m)}
    >
      <blockquote class="message-preview">
        {m.body && (
          <p class="body">
            <Body text={m.body} />
          </p>
        )}
        {m.files && <p class="files-line">{filesText(m.files)}</p>}
        <footer class="muted">{formatFull(m.createdAt)}</footer>
      </blockquote>
    </ConfirmDialog>
  );
}
