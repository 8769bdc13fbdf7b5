// The tab's title names the open conversation and counts what is unread in every conversation you are in,
// so a background tab tells you there is something to read: "(3) #design · Flack".
import { effect } from '@preact/signals';
import { conversations, conversationTitle, totalUnread } from './directory.js';
import { currentId, threadsView } from './navigation.js';

export function watchTitle(): () => void {
  const stop = effect(() => {
    const c = currentId.value === null ? undefined : conversations.value.get(currentId.value);
    const unread = totalUnread.value;
    const name = threadsView.value ? 'Threads' : c ? (c.kind === 'dm' ? conversationTitle(c) : `#${c.name}`) : '';
    document.title = `${unread ? `(${unread}) ` : ''}${name ? `${name} · ` : ''}Flack`;
  });
  return () => {
    stop();
    document.title = 'Flack';
  };
}
