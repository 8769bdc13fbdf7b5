// Browser notifications while Flack is open but out of sight, as each conversation's level says (by default: every
// direct message, and elsewhere what mentions you by name, @channel, or @here while you were online), never for a
// muted conversation, never your own. One per message however many tabs are open:
// the tab that takes the message's Web Lock first shows it (and keeps the lock a while, so the others find it taken),
// it carries the message's tag (the browser keeps one notification per tag), and a hidden tab stays quiet while
// another Flack tab of this browser is in front. Clicking one opens its conversation (and thread).
import { signal } from '@preact/signals';
import type { Message } from '../../shared/protocol.js';
import { filesText } from '../lib/files.js';
import { conversations, conversationTitle } from './directory.js';
import { jumpToMessage } from './jump.js';
import { notifyLevel } from './notifyPreferences.js';
import { notifies, plainText } from '../../shared/notify.js';
export { plainText } from '../../shared/notify.js';
import { followed } from './threads.js';
import { me } from './session.js';

type Permission = NotificationPermission | 'unsupported';
const supported = () => typeof Notification !== 'undefined';
export const notificationPermission = signal<Permission>(supported() ? Notification.permission : 'unsupported');

/** Asks the browser (it must follow a click). */
export async function enableNotifications(): Promise<void> {
  if (!supported()) return;
  notificationPermission.value = await Notification.requestPermission();
}

/** A message older than this when it arrives live is not news (a reaction or a late copy of it). */
const NEWS_MS = 2 * 60_000;
const notified = new Set<number>();

const tabId = Math.random().toString(36).slice(2);
/** Other tabs in front, by when they last said so (they repeat it; a tab that crashed stops counting). */
const visibleElsewhere = new Map<string, number>();
const HEARTBEAT_MS = 15_000;
let channel: BroadcastChannel | null = null;
const anotherTabInFront = () => [...visibleElsewhere.values()].some((at) => Date.now() - at < HEARTBEAT_MS * 2);

/** Tells this browser's other Flack tabs whether this one is in front; returns the stop function. */
export function watchTabs(): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  channel = new BroadcastChannel('flack-tabs');
  channel.onmessage = ({ data }: MessageEvent<{ tab: string; visible: boolean }>) => {
    if (data.visible) visibleElsewhere.set(data.tab, Date.now());
    else visibleElsewhere.delete(data.tab);
  };
  const say = () => channel?.postMessage({ tab: tabId, visible: document.visibilityState === 'visible' });
  document.addEventListener('visibilitychange', say);
  window.addEventListener('pagehide', () => channel?.postMessage({ tab: tabId, visible: false }));
  const heartbeat = setInterval(() => document.visibilityState === 'visible' && say(), HEARTBEAT_MS);
  say();
  return () => {
    clearInterval(heartbeat);
    document.removeEventListener('visibilitychange', say);
    channel?.postMessage({ tab: tabId, visible: false });
    channel?.close();
    channel = null;
    visibleElsewhere.clear();
  };
}

export function forMe(m: Message, myId: number): boolean {
  const c = conversations.value.get(m.conversationId);
  if (!c?.isMember) return false;
  // This tab is open, so @here counts: the server counts those online when it was sent.
  return notifies(m, { id: myId, level: notifyLevel(c), muted: c.muted === true, follows: m.threadId !== null && followed.value.has(m.threadId), here: true });
}

/** New messages that arrived live: notify about those meant for you while no Flack tab is in front. */
export function notifyAbout(messages: readonly Message[]): void {
  const myId = me.value?.id;
  if (myId === undefined || !supported() || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' || anotherTabInFront()) return;
  for (const m of messages) {
    if (notified.has(m.id) || Date.now() - m.createdAt > NEWS_MS || !forMe(m, myId)) continue;
    notified.add(m.id);
    // A reply also sent to the channel and its copy there are one piece of news: the first one meant for you.
    const twin = m.alsoInChannel ?? m.fromThread?.replyId;
    if (twin !== undefined) notified.add(twin);
    void once(`flack-notify-${m.id}`, () => show(m));
  }
}

/** Runs `show` in the one tab that gets the lock; the lock is held for a minute so later tabs find it taken. */
async function once(name: string, show: () => void): Promise<void> {
  if (!navigator.locks) return show();
  await navigator.locks.request(name, { ifAvailable: true }, async (lock) => {
    if (!lock) return;
    show();
    await new Promise((r) => setTimeout(r, 60_000));
  });
}

function show(m: Message): void {
  const c = conversations.value.get(m.conversationId);
  const where = !c ? '' : c.kind === 'dm' ? '' : ` in #${c.name}`;
  const title = c?.kind === 'dm' && c.memberCount > 2 ? `${m.authorName} in ${conversationTitle(c)}` : `${m.authorName}${where}`;
  const n = new Notification(title, { body: [plainText(m.body), filesText(m.files ?? [])].filter(Boolean).join(' '), tag: `flack-message-${m.id}`, icon: '/favicon.svg' });
  n.onclick = () => {
    window.focus();
    void jumpToMessage(m.conversationId, m); // highlighted; a reply in its thread
    n.close();
  };
}

export function clearNotified(): void {
  notified.clear();
}
