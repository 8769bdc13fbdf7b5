// The action bar of a message (shown on hover and when focus is inside the row): react, and for your own
// messages edit and delete.
import type { Message } from '../../shared/protocol.js';
import { canChange, startEditing } from '../state/messageActions.js';
import { openDialog } from '../state/ui.js';
import { Icon } from './Icon.js';

export function MessageActions({ m }: { m: Message }) {
  const at = { conversationId: m.conversationId, messageId: m.id };
  const own = canChange(m);
  return (
    <div class="msg-actions" role="toolbar" aria-label="Message actions">
      <button type="button" class="icon-button small" aria-label="Add reaction" title="Add reaction" onClick={() => openDialog({ kind: 'emoji-picker', ...at })}>
        <Icon name="smile" size={16} />
      </button>
      {own && (
        <button type="button" class="icon-button small" aria-label="Edit message" title="Edit" onClick={() => startEditing(m)}>
          <Icon name="pencil" size={16} />
        </button>
      )}
      {own && (
        <button type="button" class="icon-button small danger" aria-label="Delete message" title="Delete" onClick={() => openDialog({ kind: 'delete-message', ...at })}>
          <Icon name="trash" size={16} />
        </button>
      )}
    </div>
  );
}
