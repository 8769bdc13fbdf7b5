// The page of a password reset link: a new password for the account it names, which signs you in (every other
// device of that account is signed out).
import { useState } from 'preact/hooks';
import { LIMITS } from '../../shared/protocol.js';
import { HttpError } from '../transport/http.js';
import { setNewPassword } from '../state/passwordReset.js';

const refusal = (e: unknown) =>
  !(e instanceof HttpError)
    ? 'Something went wrong. Please try again.'
    : e.code === 'rate_limited'
      ? 'Too many attempts. Please wait a moment and try again.'
      : e.message;

export function ResetForm({ username }: { username: string }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password.length < LIMITS.passwordMin) return setError(`Use at least ${LIMITS.passwordMin} characters.`);
    setBusy(true);
    try {
      await setNewPassword(password);
    } catch (err) {
      setError(refusal(err));
      setBusy(false);
    }
  };

  return (
    <>
      <p class="auth-lead">
        Set a new password for <strong>{username}</strong>.
      </p>
      <form onSubmit={submit} noValidate aria-label="Set a new password">
        {/* For password managers: the account the new password belongs to. */}
        <input type="text" name="username" autocomplete="username" value={username} hidden readOnly />
        <div class={`field ${error ? 'invalid' : ''}`}>
          <label for="reset-password">New password</label>
          <input
            id="reset-password"
            name="password"
            type="password"
            autocomplete="new-password"
            maxLength={LIMITS.passwordMax}
            value={password}
            onInput={(e) => (setPassword(e.currentTarget.value), setError(null))}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'reset-password-error' : 'reset-password-hint'}
            autoFocus
          />
          {error ? (
            <p class="field-error" id="reset-password-error" role="alert">
              {error}
            </p>
          ) : (
            <p class="field-hint" id="reset-password-hint">
              At least {LIMITS.passwordMin} characters. Any other device signed in as {username} will be signed out.
            </p>
          )}
        </div>
        <button class="btn primary block" type="submit" disabled={busy}>
          {busy ? 'One moment…' : 'Set password and sign in'}
        </button>
      </form>
    </>
  );
}
