// A channel's settings beyond its name: its topic, archived (read-only, out of the sidebar), announcement-only, and
// how long it keeps messages. Each answer is applied at once; the `conversation` event that follows brings the same.
import type { Conversation } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { upsertConversation } from './directory.js';

/** '' clears it. Rejects with the server's refusal (too long; a DM, which has none). */
export async function setTopic(conversationId: number, topic: string): Promise<void> {
  upsertConversation((await rpc('channel:update', { conversationId, topic: topic.trim() })).conversation);
}

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
