// The menus of a conversation (sidebar row and header: notifications and mute; for a DM also hide, leave, block)
// and of a person (People list). Which entries there are comes from state/rights.ts; what they do, from the state
// modules.
import type { ConversationView, UserWithPresence } from '../../shared/protocol.js';
import { errorText } from '../lib/errors.js';
import { isBlocked, setBlocked } from '../state/blocks.js';
import { hideConversation } from '../state/conversationActions.js';
import { defaultLevel, notifyLevel, setNotifyPreferences } from '../state/notifyPreferences.js';
import { conversationTitle } from '../state/directory.js';
import { blockable, rightsIn } from '../state/rights.js';
import { openDialog, showNotice } from '../state/ui.js';
import { openDm } from './dm.js';
import { Menu, type MenuItem } from './Menu.js';

const attempt = (p: Promise<unknown>) => void p.catch((e: unknown) => showNotice(errorText(e)));

/** Block (with a confirmation) or unblock (at once: nothing is lost by it). */
export function blockItem(user: { id: number; username: string }): MenuItem {
  return isBlocked(user.id)
    ? { label: `Unblock ${user.username}`, onSelect: () => attempt(setBlocked(user.id, false)) }
    : { label: `Block ${user.username}`, onSelect: () => openDialog({ kind: 'block', userId: user.id }), danger: true };
}

export function dmItems(c: ConversationView): MenuItem[] {
  const rights = rightsIn(c);
  const peer = blockable(c);
  const items: MenuItem[] = [];
  if (rights.hide) items.push({ label: 'Hide conversation', onSelect: () => attempt(hideConversation(c.id)) });
  if (rights.leaveDm) items.push({ label: 'Leave conversation', onSelect: () => openDialog({ kind: 'leave-dm', conversationId: c.id }), danger: true });
  if (peer) items.push(blockItem(peer));
  return items;
}

const LEVELS = [
  { level: 'all', label: 'Notify me of every message' },
  { level: 'mentions', label: 'Notify me of mentions only' },
  { level: 'nothing', label: 'Never notify me' },
] as const;

/** The notification level (the one in effect is ticked) and mute. */
export function notifyItems(c: ConversationView): MenuItem[] {
  const current = notifyLevel(c);
  const fallback = defaultLevel(c);
  return [
    ...LEVELS.map(({ level, label }) => ({
      label: `${level === current ? '✓ ' : ''}${label}`,
      onSelect: () => attempt(setNotifyPreferences(c.id, { notify: level === fallback ? null : level })),
    })),
    c.muted
      ? { label: `Unmute ${c.kind === 'dm' ? 'conversation' : `#${c.name}`}`, onSelect: () => attempt(setNotifyPreferences(c.id, { muted: false })) }
      : { label: `Mute ${c.kind === 'dm' ? 'conversation' : `#${c.name}`}`, onSelect: () => attempt(setNotifyPreferences(c.id, { muted: true })) },
  ];
}

export function ConversationMenu({ c, class: cls }: { c: ConversationView; class?: string }) {
  const items = c.kind === 'dm' ? [...notifyItems(c), ...dmItems(c)] : notifyItems(c);
  return <Menu label={`More actions for ${conversationTitle(c)}`} items={items} class={cls} />;
}

export function PersonMenu({ user }: { user: UserWithPresence }) {
  const items: MenuItem[] = [];
  if (!isBlocked(user.id)) items.push({ label: `Message ${user.username}`, onSelect: () => void openDm([user.id]) });
  items.push(blockItem(user));
  return <Menu label={`More actions for ${user.username}`} items={items} class="row-menu" />;
}
