// The workspace's name and icon, its upload limit, who may sign up, and how long messages are kept. Saved against the version read: when another admin saved first, the
// form shows theirs and says so, rather than overwriting it.
import { useEffect, useState } from 'preact/hooks';
import { ADMIN_LIMITS } from '../../shared/admin.js';
import type { SignUpMode, Workspace } from '../../shared/protocol.js';
import { CallError } from '../transport/socket.js';
import { errorText } from '../lib/errors.js';
import { saveSettings, workspace } from '../state/workspace.js';
import { DAYS_INVALID, daysText, readDays, RetentionChoice } from './RetentionChoice.js';

const MODES: { mode: SignUpMode; label: string; hint: string }[] = [
  { mode: 'open', label: 'Open', hint: 'Anyone who can reach this server may create an account.' },
  { mode: 'invite', label: 'Invite only', hint: 'Only people with an invite link from an admin.' },
  { mode: 'closed', label: 'Closed', hint: 'Nobody can sign up, not even with an invite link.' },
];

export function AdminSettings() {
  const current = workspace.value;
  return current ? <SettingsForm current={current} /> : null;
}

function SettingsForm({ current }: { current: Workspace }) {
  // What the form started from: its version is the one a save names.
  const [base, setBase] = useState(current);
  const [name, setName] = useState(current.name);
  const [icon, setIcon] = useState(current.icon);
  const [limit, setLimit] = useState(String(current.uploadLimitMb));
  const [mode, setMode] = useState(current.signUpMode);
  const [days, setDays] = useState(daysText(current.retentionDays));
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const retention = days === null ? null : readDays(days);
  const limitMb = readLimit(limit, base.uploadLimitMaxMb);
  const dirty =
    name.trim() !== base.name ||
    icon.trim() !== base.icon ||
    limit !== String(base.uploadLimitMb) ||
    mode !== base.signUpMode ||
    days !== daysText(base.retentionDays);

  const restart = (w: Workspace) => {
    setBase(w);
    setName(w.name);
    setIcon(w.icon);
    setLimit(String(w.uploadLimitMb));
    setMode(w.signUpMode);
    setDays(daysText(w.retentionDays));
  };
  // Another admin saved while nothing was changed here: show theirs.
  useEffect(() => {
    if (!dirty && current.version !== base.version) restart(current);
  }, [current.version]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const clean = name.trim();
    if (!clean) return setStatus({ text: 'The workspace needs a name.', error: true });
    if (retention === undefined) return setStatus({ text: DAYS_INVALID, error: true });
    if (limitMb === undefined) return setStatus({ text: `Choose an upload limit from 0.1 to ${base.uploadLimitMaxMb} MB.`, error: true });
    setBusy(true);
    setStatus(null);
    try {
      await saveSettings(base.version, {
        ...(clean !== base.name && { name: clean }),
        ...(icon.trim() !== base.icon && { icon: icon.trim() }),
        ...(limitMb !== base.uploadLimitMb && { uploadLimitMb: limitMb === base.uploadLimitMaxMb ? null : limitMb }),
        ...(mode !== base.signUpMode && !base.signUpModeLocked && { signUpMode: mode }),
        ...(retention !== base.retentionDays && { retentionDays: retention }),
      });
      restart(workspace.value ?? current);
      setStatus({ text: 'Saved.', error: false });
    } catch (err) {
      if (err instanceof CallError && err.code === 'conflict') {
        restart(workspace.value ?? current);
        setStatus({ text: 'Someone else changed the settings meanwhile. These are theirs; make your change again if it is still needed.', error: true });
      } else setStatus({ text: errorText(err), error: true });
    } finally {
      setBusy(false);
    }
  };

  const locked = base.signUpModeLocked;
  return (
    <form class="admin-section" onSubmit={submit} noValidate aria-labelledby="settings-heading">
      <h3 id="settings-heading">Workspace settings</h3>
      <div class="field">
        <label for="workspace-name">Workspace name</label>
        <input id="workspace-name" value={name} maxLength={ADMIN_LIMITS.workspaceNameMax} onInput={(e) => (setName(e.currentTarget.value), setStatus(null))} />
      </div>
      <div class="admin-settings-row">
        <div class="field">
          <label for="workspace-icon">Icon</label>
          <input
            id="workspace-icon"
            class="workspace-icon-input"
            value={icon}
            maxLength={16}
            placeholder="🚀"
            aria-describedby="workspace-icon-hint"
            onInput={(e) => (setIcon(e.currentTarget.value), setStatus(null))}
          />
          <p class="field-hint" id="workspace-icon-hint">
            One emoji, or one or two letters. Empty: Flack’s logo.
          </p>
        </div>
        <div class="field">
          <label for="upload-limit">Largest upload (MB)</label>
          <input
            id="upload-limit"
            type="number"
            min="0.1"
            step="0.1"
            max={base.uploadLimitMaxMb}
            value={limit}
            aria-describedby="upload-limit-hint"
            onInput={(e) => (setLimit(e.currentTarget.value), setStatus(null))}
          />
          <p class="field-hint" id="upload-limit-hint">
            At most {base.uploadLimitMaxMb} MB, the server’s MAX_UPLOAD_MB.
          </p>
        </div>
      </div>
      <fieldset class="choice admin-choice" disabled={locked} aria-describedby={locked ? 'signup-locked' : undefined}>
        <legend>Who may sign up</legend>
        {MODES.map((m) => (
          <label key={m.mode} class={`option ${mode === m.mode ? 'checked' : ''}`}>
            <input type="radio" name="signup-mode" value={m.mode} checked={mode === m.mode} onChange={() => (setMode(m.mode), setStatus(null))} />
            <span>
              <strong>{m.label}</strong>
              <span class="muted">{m.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {locked && (
        <p class="field-hint" id="signup-locked">
          Set by the server’s SIGNUP_MODE setting: change it there.
        </p>
      )}
      <RetentionChoice
        name="workspace-retention"
        legend="Keep messages"
        fallback="Forever"
        value={days}
        onChange={(v) => (setDays(v), setStatus(null))}
      />
      <p class="field-hint">Older messages are deleted once an hour, a thread when its newest reply is that old. A channel may keep its own.</p>
      {status && (
        <p class={status.error ? 'form-error' : 'form-ok'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
      <div class="dialog-actions">
        <button type="submit" class="btn primary" disabled={busy || !dirty}>
          Save
        </button>
      </div>
    </form>
  );
}

/** The upload limit typed, in MB, if it is one the server takes (0.1 MB up to its ceiling). */
function readLimit(text: string, ceiling: number): number | undefined {
  const mb = Number(text);
  return text.trim() && Number.isFinite(mb) && mb >= 0.1 && mb <= ceiling ? mb : undefined;
}
