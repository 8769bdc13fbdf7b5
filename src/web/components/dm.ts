import { CallError } from '../transport/socket.js';
import { rpc } from '../state/client.js';
import { upsertConversation } from '../state/directory.js';
import { openConversation } from '../state/navigation.js';
import { showNotice } from '../state/ui.js';

/** Open (or create) the DM with these people and show it. */
export async function openDm(userIds: number[]): Promise<boolean> {
  try {
    const { conversation } = await rpc('dm:open', { userIds });
    upsertConversation(conversation);
    openConversation(conversation.id);
    return true;
  } catch (e) {
    showNotice(e instanceof CallError ? e.message : 'Could not open the conversation.');
    return false;
  }
}
