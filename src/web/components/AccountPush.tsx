// Notifications when no Flack tab is open (Web Push): the switch for this browser, and your devices that get them.
import { useEffect } from 'preact/hooks';
import { formatDate, formatFull } from '../lib/format.js';
import { deviceLabel } from '../lib/userAgent.js';
import { disablePush, enablePush, loadPushState, pushDevices, pushState, pushSupported, removePushDevice } from '../state/push.js';

export function AccountPush() {
  useEffect(() => void loadPushState().catch(() => undefined), []);
  if (!pushSupported()) return <p class="notifications-state">This browser cannot receive notifications while Flack is closed.</p>;
  const { on, busy, error } = pushState.value;
  const devices = pushDevices.value ?? [];
  return (
    <div class="push-section">
      <label class="field-inline">
        <input type="checkbox" checked={on} disabled={busy} onChange={() => void (on ? disablePush() : enablePush())} />
        Notify me on this device when no Flack tab is open
      </label>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {devices.length > 0 && (
        <ul class="device-list" aria-label="Devices that receive notifications">
          {devices.map((d) => (
            <li key={d.id} class="device">
              <span class="device-text">
                <span class="device-label">{deviceLabel(d.userAgent)}</span>
                <span class="muted device-times">
                  <span title={formatFull(d.createdAt)}>Since {formatDate(d.createdAt)}</span>
                  {d.lastSuccessAt !== null && ` · last notified ${formatDate(d.lastSuccessAt)}`}
                </span>
              </span>
              <button type="button" class="btn small danger-ghost" disabled={busy} onClick={() => void removePushDevice(d.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
