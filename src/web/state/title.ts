// The tab's title names the open conversation and counts what is unread in every conversation you are in, and
// how much of it mentions you, so a background tab tells you there is something to read: "(3 · @1) #design · Flack".
// The favicon gets a red dot while something mentions you.
import { computed, effect } from '@preact/signals';
import { conversations, conversationTitle, totalUnread } from './directory.js';
import { unreadMentions } from './mentions.js';
import { currentId, threadsView } from './navigation.js';

const totalMentions = computed(() => [...conversations.value.values()].reduce((n, c) => n + (c.muted ? 0 : unreadMentions(c)), 0));

export function watchTitle(): () => void {
  const stop = effect(() => {
    const c = currentId.value === null ? undefined : conversations.value.get(currentId.value);
    const unread = totalUnread.value;
    const mentions = totalMentions.value;
    const name = threadsView.value ? 'Threads' : c ? (c.kind === 'dm' ? conversationTitle(c) : `#${c.name}`) : '';
    const counts = unread ? `(${unread}${mentions ? ` · @${mentions}` : ''}) ` : '';
    document.title = `${counts}${name ? `${name} · ` : ''}Flack`;
    setFavicon(mentions > 0);
  });
  return () => {
    stop();
    document.title = 'Flack';
    setFavicon(false);
  };
}

function setFavicon(alert: boolean): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  const href = alert ? '/favicon-alert.svg' : '/favicon.svg';
  if (link && link.getAttribute('href') !== href) link.setAttribute('href', href);
}
