// "Delete message?": the message is shown once more, and deleting it is confirmed by a button, not a key.
import { useState } from 'preact/hooks';
import { formatFull } from '../lib/format.js';
import { deleteMessage, heldMessage } from '../state/messageActions.js';
import { closeDialog } from '../state/ui.js';
import { Dialog } from './Dialog.js';
import { Body } from './MessageRow.js';

export function DeleteMessageDialog({ conversationId, messageId }: { conversationId: number; messageId: number }) {
  const m = heldMessage(conversationId, messageId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!m || m.deletedAt !== null) return null;

  const confirm = async () => {
    setBusy(true);
    try {
      await deleteMessage(m);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Delete message?" description="Everyone will see “This message was deleted.” in its place. This cannot be undone.">
      <blockquote class="message-preview">
        <p class="body">
          <Body text={m.body} />
        </p>
        <footer class="muted">{formatFull(m.createdAt)}</footer>
      </blockquote>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={closeDialog}>
          Cancel
        </button>
        <button type="button" class="btn danger" disabled={busy} onClick={() => void confirm()}>
          Delete
        </button>
      </div>
    </Dialog>
  );
}
