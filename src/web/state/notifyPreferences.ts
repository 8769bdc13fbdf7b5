// Your notification level and mute per conversation (`conversation:notify`); every device of yours is told by a
// `preferences` event, which this tab applies too. Muted conversations stay out of the unread total and the title.
import type { ConversationView, NotifyLevel, NotifyPreferences } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { patchConversation } from './directory.js';

/** The level in effect: the one chosen, or the default (every message in a DM, mentions elsewhere). */
export const notifyLevel = (c: ConversationView): NotifyLevel => c.notify ?? (c.kind === 'dm' ? 'all' : 'mentions');

export function applyPreferences(p: NotifyPreferences): void {
  patchConversation(p.conversationId, { notify: p.notify ?? undefined, muted: p.muted ? true : undefined });
}

export async function setNotifyPreferences(conversationId: number, change: { notify?: NotifyLevel | null; muted?: boolean }): Promise<void> {
  applyPreferences(await rpc('conversation:notify', { conversationId, ...change }));
}
