// Getting rid of a conversation: hide a DM, leave a group DM, delete a channel you created. The server answers each
// with events to all your devices (`membership` with hiddenSeq, `conversation:removed`), which do the rest; here is
// only what this tab does at once: move off what is gone, and say what happened.
import type { ConversationView } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { conversations, conversationTitle, patchConversation, users } from './directory.js';
import { currentId, fallbackConversation, openConversation } from './navigation.js';
import { showNotice } from './ui.js';

/** Channels deleted from this tab: the deleter is told by the reply, not by the removal that follows it. */
const deletedHere = new Set<number>();

const leaveIfOpen = (id: number) => {
  if (currentId.value === id) openConversation(fallbackConversation());
};

export async function hideConversation(id: number): Promise<void> {
  await rpc('conversation:hide', { conversationId: id, hidden: true });
  const c = conversations.value.get(id);
  // The `membership` echo brings the same; patching now keeps the row from lingering until it arrives.
  if (c) patchConversation(id, { hiddenSeq: c.lastSeq });
  leaveIfOpen(id);
}

export async function leaveGroupDm(id: number): Promise<void> {
  const c = conversations.value.get(id);
  await rpc('dm:leave', { conversationId: id });
  leaveIfOpen(id);
  if (c) showNotice(`You left the conversation with ${conversationTitle(c)}.`);
}

export async function deleteChannel(id: number): Promise<void> {
  const c = conversations.value.get(id);
  deletedHere.add(id);
  try {
    await rpc('channel:delete', { conversationId: id });
  } catch (e) {
    deletedHere.delete(id);
    throw e;
  }
  leaveIfOpen(id);
  if (c) showNotice(`#${c.name} was deleted.`);
}

/** What to tell someone whose open conversation was just removed (`conversation:removed`), or null. */
export function removalNotice(c: ConversationView, reason: 'deleted' | 'removed' | 'left'): string | null {
  if (c.kind === 'dm' || deletedHere.delete(c.id) || reason === 'left') return null;
  if (reason === 'deleted') {
    const by = users.value.get(c.createdBy)?.username;
    return `#${c.name} was deleted${by ? ` by ${by}` : ''}. Everything in it is gone.`;
  }
  return `You are no longer a member of #${c.name}.`;
}
