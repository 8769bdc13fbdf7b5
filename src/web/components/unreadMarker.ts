// Where the "New" divider goes: after the last message read when the conversation was opened, or, when messages
// arrive while you are away (tab hidden, window in the background, offline), after the last one read before them.
// It stays put while the conversation is open, even once everything is read, so you can see where you left off.
import { useEffect, useState } from 'preact/hooks';
import type { ConversationView } from '../../shared/protocol.js';
import { attending } from '../state/attention.js';
import { connection } from '../state/client.js';
import { unreadCount } from '../state/directory.js';

/** The seq the divider follows, or null for no divider. */
export function useUnreadMarker(c: ConversationView): number | null {
  const [marker, setMarker] = useState(() => (unreadCount(c) > 0 ? c.lastReadSeq : null));
  const unread = unreadCount(c) > 0;
  // Offline counts as away: what a reconnect brings in was missed, too.
  const away = !attending.value || connection.value !== 'online';
  useEffect(() => {
    if (marker === null && unread && away) setMarker(c.lastReadSeq);
  }, [marker, unread, away]);
  return marker;
}
