// Your notification level and mute per conversation (`conversation:notify`); every device of yours is told by a
// `preferences` event, which this tab applies too. Muted conversations stay out of the unread total and the title.
import { signal } from '@preact/signals';
import { BUILT_IN_NOTIFY_DEFAULTS, type ConversationView, type NotifyDefaults, type NotifyLevel, type NotifyPreferences } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { patchConversation } from './directory.js';

/** Your defaults (the account menu), from the snapshot and the `notifyDefaults` event. */
export const notifyDefaults = signal<NotifyDefaults>(BUILT_IN_NOTIFY_DEFAULTS);

/** The level a conversation has when it has none of its own. */
export const defaultLevel = (c: Pick<ConversationView, 'kind'>): NotifyLevel => (c.kind === 'dm' ? notifyDefaults.value.dm : notifyDefaults.value.channel);

/** The level in effect: the one chosen, or your default for its kind. */
export const notifyLevel = (c: ConversationView): NotifyLevel => c.notify ?? defaultLevel(c);

export const applyNotifyDefaults = (defaults: NotifyDefaults) => (notifyDefaults.value = defaults);

export async function setNotifyDefaults(change: Partial<NotifyDefaults>): Promise<void> {
  applyNotifyDefaults(await rpc('notify:defaults', change));
}

export function applyPreferences(p: NotifyPreferences): void {
  patchConversation(p.conversationId, { notify: p.notify ?? undefined, muted: p.muted ? true : undefined });
}

export async function setNotifyPreferences(conversationId: number, change: { notify?: NotifyLevel | null; muted?: boolean }): Promise<void> {
  applyPreferences(await rpc('conversation:notify', { conversationId, ...change }));
}
