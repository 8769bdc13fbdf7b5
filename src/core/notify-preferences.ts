// Notification preferences: per conversation, a level (everything, mentions only, nothing; null for the default of
// its kind, which the user may choose too) and mute. They are the member's own: set on one device, every device is told.
import { BUILT_IN_NOTIFY_DEFAULTS, type NotifyDefaults, type NotifyLevel, type NotifyPreferences } from '../shared/protocol.js';
import { accessAsMember } from './access.js';
import { conversationNotFound } from './errors.js';
import type { CoreDeps } from './ports.js';

/** The user's defaults, the built-in ones where they set none. */
export async function notifyDefaults(deps: CoreDeps, userId: number): Promise<NotifyDefaults> {
  const stored = await deps.storage.getNotifyDefaults(userId);
  return { dm: stored.dm ?? BUILT_IN_NOTIFY_DEFAULTS.dm, channel: stored.channel ?? BUILT_IN_NOTIFY_DEFAULTS.channel };
}

export async function setNotifyDefaults(
  deps: CoreDeps,
  userId: number,
  input: { dm?: NotifyLevel; channel?: NotifyLevel },
): Promise<NotifyDefaults> {
  const stored = await deps.storage.getNotifyDefaults(userId);
  await deps.storage.setNotifyDefaults(userId, { dm: input.dm ?? stored.dm, channel: input.channel ?? stored.channel });
  const defaults = await notifyDefaults(deps, userId);
  deps.fanout.send({ users: [userId] }, 'notifyDefaults', defaults);
  return defaults;
}

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
