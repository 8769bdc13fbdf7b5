import { useEffect, useState } from 'preact/hooks';
import { connection, outdated } from '../state/client.js';
import { outbox } from '../state/outbox.js';
import { Icon } from './Icon.js';

export function ConnectionBanner() {
  if (outdated.value) return <UpdatedBanner />;
  return <DownBanner />;
}

/** The server runs a newer (or older) Flack than this page: nothing works until a reload. */
function UpdatedBanner() {
  return (
    <div class="banner updated" role="alert">
      <Icon name="refresh" size={16} />
      <span>Flack was updated — reload the page.</span>
      <button type="button" class="btn small" onClick={() => location.reload()}>
        Reload
      </button>
    </div>
  );
}

/** Shown while the socket is down. The first connect gets a grace period so a fast load never flashes it. */
function DownBanner() {
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
