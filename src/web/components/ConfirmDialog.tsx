// "Are you sure?": what will happen, said plainly, and a button that does it. The dialog closes when it is done,
// and shows the server's refusal when it is not.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorText } from '../lib/errors.js';
import { closeDialog } from '../state/ui.js';
import { Dialog } from './Dialog.js';

interface Props {
  title: string;
  /** Said by screen readers as the dialog opens (what will happen). */
  description?: string;
  confirm: string;
  /** Done when it settles (its value is not used). */
  onConfirm: () => Promise<unknown>;
  children: ComponentChildren;
}

export function ConfirmDialog({ title, description, confirm, onConfirm, children }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      await onConfirm();
      closeDialog();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} description={description}>
      <div class="confirm-text">{children}</div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={closeDialog}>
          Cancel
        </button>
        <button type="button" class="btn danger" disabled={busy} onClick={() => void go()}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}
