import { useEffect, useState } from 'preact/hooks';
import { connection } from '../state/client.js';
import { outbox } from '../state/outbox.js';
import { Icon } from './Icon.js';

/** Shown while the socket is down. The first connect gets a grace period so a fast load never flashes it. */
export function ConnectionBanner() {
  const status = connection.value;
  const down = status !== 'online';
  const first = status === 'connecting';
  const [graceOver, setGraceOver] = useState(false);
  // Timed from going down, not from each change of reason (reconnecting → offline), so the banner never blinks.
  useEffect(() => {
    setGraceOver(false);
    if (!down) return;
    const t = setTimeout(() => setGraceOver(true), first ? 1500 : 400);
    return () => clearTimeout(t);
  }, [down, first]);

  if (status === 'online' || !graceOver) return null;
  const waiting = outbox.value.filter((i) => i.status === 'sending').length;
  return (
    <div class="banner" role="status">
      <Icon name="wifiOff" size={16} />
      <span>
        {status === 'offline' ? 'You are offline.' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        {waiting > 0 && ` ${waiting} message${waiting === 1 ? '' : 's'} will be sent when you are back online.`}
      </span>
    </div>
  );
}
