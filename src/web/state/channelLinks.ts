// A "#name" in a message: open that channel if you have it, otherwise offer the channel browser.
import { conversations } from './directory.js';
import { openConversation } from './navigation.js';
import { openDialog } from './ui.js';

export function openChannelNamed(name: string): void {
  const key = name.toLowerCase();
  const found = [...conversations.value.values()].find((c) => c.kind !== 'dm' && c.isMember && c.name.toLowerCase() === key);
  if (found) openConversation(found.id);
  else openDialog({ kind: 'browse-channels' });
}
