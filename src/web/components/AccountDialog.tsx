// Your account: your role (and for admins the way to the admin console), the devices you are signed in on, desktop
// notifications and your default levels, change the password (every other device is signed out), or delete the account.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { LIMITS, type NotifyDefaults, type NotifyLevel, type Role } from '../../shared/protocol.js';
import { changePasswordHere, deleteAccountAndLeave } from '../state/live.js';
import { enableNotifications, notificationPermission } from '../state/notifications.js';
import { notifyDefaults, setNotifyDefaults } from '../state/notifyPreferences.js';
import { allowed } from '../state/rights.js';
import { me } from '../state/session.js';
import { closeDialog, openDialog, showNotice } from '../state/ui.js';
import { HttpError } from '../transport/http.js';
import { AccountDevices } from './AccountDevices.js';
import { AccountPush } from './AccountPush.js';
import { Dialog } from './Dialog.js';

const ROLE_TEXT: Record<Role, string> = {
  owner: 'an owner of this workspace',
  admin: 'an admin of this workspace',
  member: 'a member',
  guest: 'a guest: you see the channels you were invited to',
};

export function AccountDialog() {
  const user = me.value;
  if (!user) return null;
  return (
    <Dialog title="Your account" description={`Signed in as ${user.username}, ${ROLE_TEXT[user.role]}.`}>
      {allowed('administer') && (
        <section class="account-section" aria-labelledby="admin-heading">
          <h3 id="admin-heading">Running the workspace</h3>
          <button type="button" class="btn" onClick={() => openDialog({ kind: 'admin' })}>
            Open the admin console
          </button>
        </section>
      )}
      <AccountDevices />
      <NotificationsSection />
      <PasswordForm />
      <DeleteAccountForm username={user.username} />
    </Dialog>
  );
}

/** Desktop notifications: what the browser allows, and the button that asks it. */
function NotificationsSection() {
  const permission = notificationPermission.value;
  return (
    <section class="account-section" aria-labelledby="notifications-heading">
      <h3 id="notifications-heading">Desktop notifications</h3>
      <p class="muted">What your levels below (or a conversation's own) say, while Flack is open in a tab you are not looking at.</p>
      {permission === 'default' && (
        <button type="button" class="btn" onClick={() => void enableNotifications()}>
          Turn on notifications
        </button>
      )}
      {permission === 'granted' && <p class="notifications-state">On in this browser.</p>}
      {permission === 'denied' && <p class="notifications-state">Blocked in this browser's site settings; allow them there to turn them on.</p>}
      {permission === 'unsupported' && <p class="notifications-state">This browser cannot show notifications.</p>}
      <AccountPush />
      <DefaultLevel kind="dm" label="Direct messages" />
      <DefaultLevel kind="channel" label="Channels" />
      <p class="muted">For conversations without a level of their own (each conversation's menu sets one). On all your devices.</p>
    </section>
  );
}

const LEVEL_LABELS: Record<NotifyLevel, string> = { all: 'Every message', mentions: 'Mentions of me', nothing: 'Nothing' };

/** One of your default levels: a select that saves as it changes. */
function DefaultLevel({ kind, label }: { kind: keyof NotifyDefaults; label: string }) {
  const id = `default-level-${kind}`;
  return (
    <div class="field default-level">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={notifyDefaults.value[kind]}
        onChange={(e) => void setNotifyDefaults({ [kind]: e.currentTarget.value as NotifyLevel }).catch(() => showNotice('Could not save that; try again.'))}
      >
        {(Object.keys(LEVEL_LABELS) as NotifyLevel[]).map((level) => (
          <option key={level} value={level}>
            {LEVEL_LABELS[level]}
          </option>
        ))}
      </select>
    </div>
  );
}

const reason = (err: unknown) =>
  err instanceof HttpError && err.code === 'wrong_password'
    ? 'That is not your current password.'
    : err instanceof Error
      ? err.message
      : 'Something went wrong.';

/** A form's submit handler around one async action, with its busy flag and the error to show. */
function useSubmit(action: () => Promise<unknown>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await action();
    } catch (err) {
      setError(reason(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}

/** The end of a form: its error, if any, above its submit button. */
function FormFoot({ error, children }: { error: string | null; children: ComponentChildren }) {
  return (
    <>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">{children}</div>
    </>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { busy, error, setError, submit } = useSubmit(async () => {
    if (next.length < LIMITS.passwordMin) throw new Error(`Use at least ${LIMITS.passwordMin} characters.`);
    // The server signs out every session and sets a new cookie for this one; this tab reconnects with it.
    await changePasswordHere(current, next);
    closeDialog();
    showNotice('Password changed. Your other devices were signed out.');
  });

  return (
    <form class="account-section" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h3 id="password-heading">Change password</h3>
      <div class="field">
        <label for="current-password">Current password</label>
        <input id="current-password" type="password" autocomplete="current-password" value={current} onInput={(e) => (setCurrent(e.currentTarget.value), setError(null))} />
      </div>
      <div class={`field ${error ? 'invalid' : ''}`}>
        <label for="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          value={next}
          maxLength={LIMITS.passwordMax}
          onInput={(e) => (setNext(e.currentTarget.value), setError(null))}
          aria-describedby="new-password-hint"
        />
        <p class="field-hint" id="new-password-hint">At least {LIMITS.passwordMin} characters. Your other devices will be signed out.</p>
      </div>
      <FormFoot error={error}>
        <button type="submit" class="btn primary" disabled={busy || !current || !next}>
          Change password
        </button>
      </FormFoot>
    </form>
  );
}

function DeleteAccountForm({ username }: { username: string }) {
  const [password, setPassword] = useState('');
  const { busy, error, setError, submit } = useSubmit(() => deleteAccountAndLeave(username, password));

  return (
    <form class="account-section danger-zone" onSubmit={submit} noValidate aria-labelledby="delete-heading">
      <h3 id="delete-heading">Delete account</h3>
      <p class="muted">
        You will be signed out everywhere and leave every channel. Your messages stay in the conversations they belong
        to, and nobody else can take the name {username}. This cannot be undone.
      </p>
      <div class="field">
        <label for="delete-password">Password</label>
        <input id="delete-password" type="password" autocomplete="current-password" value={password} onInput={(e) => (setPassword(e.currentTarget.value), setError(null))} />
      </div>
      <FormFoot error={error}>
        <button type="submit" class="btn danger" disabled={busy || !password}>
          Delete my account
        </button>
      </FormFoot>
    </form>
  );
}
