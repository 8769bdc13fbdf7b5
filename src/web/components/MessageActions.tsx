// The action bar of a message (shown on hover and when focus is inside the row): react, reply in a thread (top-level
// messages in the conversation's list; on a reply's copy there, in the thread it came from), copy a link to it, for
// your own messages edit, and delete (admins: anyone's). In an archived channel only the link and deleting are left.
import type { Message } from '../../shared/protocol.js';
import { canChange, startEditing } from '../state/messageActions.js';
import { openThreadPanel } from '../state/navigation.js';
import { copyLink } from '../state/permalink.js';
import { mayDelete, writable } from '../state/rights.js';
import { openDialog, type Surface } from '../state/ui.js';
import { Icon } from './Icon.js';

export const canReplyTo = (m: Message) => m.kind === 'user' && m.threadId === null && m.deletedAt === null;

export function MessageActions({ m, surface }: { m: Message; surface: Surface }) {
  const at = { conversationId: m.conversationId, messageId: m.id };
  const own = canChange(m);
  const open = writable(m.conversationId);
  return (
    <div class="msg-actions" role="toolbar" aria-label="Message actions">
      {open && (
        <button type="button" class="icon-button small" aria-label="Add reaction" title="Add reaction" onClick={() => openDialog({ kind: 'emoji-picker', ...at })}>
          <Icon name="smile" size={16} />
        </button>
      )}
      {surface === 'main' && open && canReplyTo(m) && (
        <button
          type="button"
          class="icon-button small"
          aria-label="Reply in thread"
          title="Reply in thread"
          onClick={() => openThreadPanel(m.conversationId, m.fromThread?.rootId ?? m.id)}
        >
          <Icon name="thread" size={16} />
        </button>
      )}
      <button type="button" class="icon-button small" aria-label="Copy link" title="Copy link" onClick={() => void copyLink(m.conversationId, m)}>
        <Icon name="link" size={16} />
      </button>
      {own && (
        <button type="button" class="icon-button small" aria-label="Edit message" title="Edit" onClick={() => startEditing(m, surface)}>
          <Icon name="pencil" size={16} />
        </button>
      )}
      {mayDelete(m) && (
        <button type="button" class="icon-button small danger" aria-label="Delete message" title="Delete" onClick={() => openDialog({ kind: 'delete-message', ...at })}>
          <Icon name="trash" size={16} />
        </button>
      )}
    </div>
  );
}
