// A "#name" in a message: open that channel if you have it, otherwise offer the channel browser (a guest has none:
// they see only the channels they were invited to).
import { conversations } from './directory.js';
import { openConversation } from './navigation.js';
import { allowed } from './rights.js';
import { openDialog, showNotice } from './ui.js';

export function openChannelNamed(name: string): void {
  const key = name.toLowerCase();
  const found = [...conversations.value.values()].find((c) => c.kind !== 'dm' && c.isMember && c.name.toLowerCase() === key);
  if (found) openConversation(found.id);
  else if (allowed('browseChannels')) openDialog({ kind: 'browse-channels' });
  else showNotice(`#${name} is not one of your channels.`);
}
