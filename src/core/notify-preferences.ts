// Notification preferences: per conversation, a level (everything, mentions only, nothing; null for the default of
// its kind) and mute. They are the member's own: set on one device, every device is told.
import type { NotifyLevel, NotifyPreferences } from '../shared/protocol.js';
import { accessAsMember } from './access.js';
import { conversationNotFound } from './errors.js';
import type { CoreDeps } from './ports.js';

export async function setNotifyPreferences(
  deps: CoreDeps,
  userId: number,
  input: { conversationId: number; notify?: NotifyLevel | null; muted?: boolean },
): Promise<NotifyPreferences> {
  const { membership } = await accessAsMember(deps, userId, input.conversationId);
  const wanted = { notify: input.notify === undefined ? membership.notify : input.notify, muted: input.muted ?? membership.muted };
  const stored = await deps.storage.setNotifyPreferences(input.conversationId, userId, wanted);
  if (!stored) throw conversationNotFound();
  const preferences: NotifyPreferences = { conversationId: input.conversationId, notify: stored.notify, muted: stored.muted };
  deps.fanout.send({ users: [userId] }, 'preferences', preferences);
  return preferences;
}
