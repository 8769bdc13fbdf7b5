// Who is in a conversation: adding someone to a channel, and getting rid of a conversation: hide a DM, leave a group
// DM or a channel, delete a channel you created. The server answers each with events to all your devices
// (`membership` with hiddenSeq, `conversation:removed`), which do the rest; here is only what this tab does at once:
// move off what is gone, and say what happened.
import type { ConversationView, User } from '../../shared/protocol.js';
import { CallError } from '../transport/socket.js';
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

/** Adds `username` ("@name" too) to the channel; an unknown name is refused in words that name it. */
export async function inviteToChannel(conversationId: number, username: string): Promise<User> {
  const name = username.trim().replace(/^@/, '');
  try {
    return (await rpc('channel:invite', { conversationId, username: name })).user;
  } catch (e) {
    throw e instanceof CallError && e.code === 'not_found' ? new CallError('not_found', `There is no user called “${name}”.`) : e;
  }
}

export async function leaveChannel(id: number): Promise<void> {
  const c = conversations.value.get(id);
  await rpc('channel:leave', { conversationId: id });
  leaveIfOpen(id);
  if (c) showNotice(`You left #${c.name}.`);
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
