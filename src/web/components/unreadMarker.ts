// Where the "New" divider goes: after the last message read when the conversation (or thread) was opened, or, when
// messages arrive while you are away (tab hidden, window in the background, offline), after the last one read
// before them. It stays put while the list is open, even once everything is read, so you can see where you left off.
import { useEffect, useState } from 'preact/hooks';
import { attending } from '../state/attention.js';
import { connection } from '../state/client.js';

/** What is read of the list: `unread` when there is more than `lastReadSeq`. */
export interface ReadPosition {
  unread: boolean;
  lastReadSeq: number;
}

/** The seq the divider follows, or null for no divider. */
export function useUnreadMarker({ unread, lastReadSeq }: ReadPosition): number | null {
  const [marker, setMarker] = useState(() => (unread ? lastReadSeq : null));
  // Offline counts as away: what a reconnect brings in was missed, too.
  const away = !attending.value || connection.value !== 'online';
  useEffect(() => {
    if (marker === null && unread && away) setMarker(lastReadSeq);
  }, [marker, unread, away]);
  return marker;
}
