// The earlier texts of your own edited message, oldest first, then the current one.
import { useEffect, useState } from 'preact/hooks';
import type { MessageVersion } from '../../shared/protocol.js';
import { formatFull } from '../lib/format.js';
import { heldMessage, loadVersions } from '../state/messageActions.js';
import { Dialog } from './Dialog.js';
import { Body } from './MessageRow.js';

export function VersionsDialog({ conversationId, messageId }: { conversationId: number; messageId: number }) {
  const m = heldMessage(conversationId, messageId);
  const [versions, setVersions] = useState<MessageVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editedAt = m?.editedAt;

  useEffect(() => {
    if (!m) return;
    loadVersions(m)
      .then(setVersions)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [messageId, editedAt]);

  if (!m) return null;
  return (
    <Dialog title="Edit history" description="Only you can see the earlier versions of your message.">
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!versions && !error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {versions && (
        <ol class="versions" aria-label="Versions, oldest first">
          {versions.map((v, i) => (
            <li key={i} class="version">
              <p class="body">
                <Body text={v.body} />
              </p>
              <p class="version-when muted">Replaced {formatFull(v.replacedAt)}</p>
            </li>
          ))}
          <li class="version current">
            <p class="body">{m.deletedAt === null ? <Body text={m.body} /> : 'This message was deleted.'}</p>
            <p class="version-when muted">Now{m.editedAt !== null && ` · edited ${formatFull(m.editedAt)}`}</p>
          </li>
        </ol>
      )}
    </Dialog>
  );
}
