// "Your devices": where you are signed in, this one first among equals, and signing another one out (its tab goes
// to the sign-in page at once). The list is asked again after each sign-out.
import { useEffect, useState } from 'preact/hooks';
import type { SessionInfo } from '../../shared/protocol.js';
import { errorText } from '../lib/errors.js';
import { formatAgo, formatDate, formatFull } from '../lib/format.js';
import { deviceLabel } from '../lib/userAgent.js';
import { listDevices, signOutDevice } from '../state/devices.js';

export function AccountDevices() {
  const [devices, setDevices] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const refresh = () =>
    listDevices().then(
      // This device first, then the others as the server ordered them (most recently used first).
      (list) => (setDevices([...list].sort((a, b) => Number(b.current) - Number(a.current))), setError(null)),
      (e: unknown) => setError(errorText(e)),
    );
  useEffect(() => void refresh(), []);

  const signOut = async (d: SessionInfo) => {
    setBusy(d.id);
    try {
      await signOutDevice(d.id);
      await refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="account-section" aria-labelledby="devices-heading">
      <h3 id="devices-heading">Your devices</h3>
      <p class="muted">Where you are signed in. A device unused for 30 days is signed out by itself.</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!devices && !error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {devices && (
        <ul class="device-list" aria-label="Signed-in devices">
          {devices.map((d) => {
            const label = deviceLabel(d.userAgent);
            return (
              <li key={d.id} class={`device ${d.current ? 'current' : ''}`}>
                <span class="device-text">
                  <span class="device-label">
                    {label}
                    {d.current && <span class="tag device-current">This device</span>}
                  </span>
                  <span class="muted device-times">
                    <span title={formatFull(d.createdAt)}>Signed in {formatDate(d.createdAt)}</span>
                    {' · '}
                    <span title={formatFull(d.lastSeenAt)}>{d.current ? 'active now' : `last active ${formatAgo(d.lastSeenAt)}`}</span>
                  </span>
                </span>
                {!d.current && (
                  <button type="button" class="btn small danger-ghost" disabled={busy === d.id} onClick={() => void signOut(d)} aria-label={`Sign out ${label} (signed in ${formatDate(d.createdAt)})`}>
                    Sign out
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
