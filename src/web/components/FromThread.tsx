// The two halves of a reply also sent to the conversation: its copy there says which thread it came from and opens
// it; the reply in the thread says it was also sent.
import { plainText } from '../../shared/notify.js';
import type { Message } from '../../shared/protocol.js';
import { alsoWhere, heldRoot } from '../state/alsoToChannel.js';
import { conversations } from '../state/directory.js';
import { openThreadPanel } from '../state/navigation.js';

export function FromThread({ m, from }: { m: Message; from: NonNullable<Message['fromThread']> }) {
  const root = heldRoot(m.conversationId, from.rootId);
  const quote = root && root.deletedAt === null ? plainText(root.body, 80) : '';
  return (
    <p class="from-thread">
      <span class="from-thread-text">
        replied to a thread{quote && ': '}
        {quote && <q>{quote}</q>}
      </span>
      <button type="button" class="link" onClick={() => openThreadPanel(m.conversationId, from.rootId)}>
        View thread
      </button>
    </p>
  );
}

export function AlsoSent({ m }: { m: Message }) {
  const c = conversations.value.get(m.conversationId);
  return <p class="also-sent">Also sent to {c ? alsoWhere(c) : 'the channel'}</p>;
}
