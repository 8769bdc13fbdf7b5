// A channel's settings beyond its name and topic: archived (read-only, out of the sidebar), announcement-only, and
// how long it keeps messages. Each answer is applied at once; the `conversation` event that follows brings the same.
import type { Conversation } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { upsertConversation } from './directory.js';

export async function setArchived(conversationId: number, archived: boolean): Promise<Conversation> {
  const { conversation } = await rpc('channel:archive', { conversationId, archived });
  upsertConversation(conversation);
  return conversation;
}

/** Only admins start threads in an announcement channel; anyone may reply in one. */
export async function setAnnouncement(conversationId: number, announcement: boolean): Promise<void> {
  upsertConversation((await rpc('channel:update', { conversationId, announcement })).conversation);
}

/** null: as long as the workspace keeps messages. */
export async function setChannelRetention(conversationId: number, retentionDays: number | null): Promise<void> {
  upsertConversation((await rpc('channel:update', { conversationId, retentionDays })).conversation);
}
