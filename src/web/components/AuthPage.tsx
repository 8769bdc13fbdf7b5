// Sign in / create account. Errors appear next to the field they are about.
import { useState } from 'preact/hooks';
import { LIMITS, USERNAME_PATTERN } from '../../shared/protocol.js';
import { HttpError, signIn, signUp } from '../transport/http.js';
import { startSession } from '../state/live.js';
import { notice } from '../state/ui.js';

type Mode = 'signin' | 'signup';
interface Errors {
  username?: string;
  password?: string;
  form?: string;
}

function checkLocally(mode: Mode, username: string, password: string): Errors {
  const errors: Errors = {};
  if (!username) errors.username = 'Enter a username.';
  else if (mode === 'signup' && !USERNAME_PATTERN.test(username))
    errors.username = `Use ${LIMITS.usernameMin}–${LIMITS.usernameMax} letters, digits, “.”, “_” or “-”.`;
  if (!password) errors.password = 'Enter a password.';
  else if (mode === 'signup' && password.length < LIMITS.passwordMin)
    errors.password = `Use at least ${LIMITS.passwordMin} characters.`;
  return errors;
}

function fromServer(e: unknown): Errors {
  if (!(e instanceof HttpError)) return { form: 'Something went wrong. Please try again.' };
  switch (e.code) {
    case 'username_taken':
      return { username: 'That username is taken. Try another one.' };
    case 'username_invalid':
      return { username: e.message || 'That username is not allowed.' };
    case 'password_invalid':
      return { password: e.message || 'That password is not allowed.' };
    case 'wrong_password':
      return { form: 'Wrong username or password.' };
    case 'rate_limited':
      return { form: 'Too many attempts. Please wait a moment and try again.' };
    default:
      return { form: e.message };
  }
}

export function AuthPage() {
  const [mode, setMode] = useState<Mode>('signin');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const local = checkLocally(mode, username.trim(), password);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const credentials = { username: username.trim(), password };
      const reply = await (mode === 'signup' ? signUp(credentials) : signIn(credentials));
      notice.value = null;
      startSession(reply.user);
    } catch (err) {
      setErrors(fromServer(err));
      setBusy(false);
    }
  };

  const switchMode = (m: Mode) => {
    setMode(m);
    setErrors({});
  };

  const signup = mode === 'signup';
  return (
    <main class="auth">
      <div class="auth-card">
        <div class="brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span>Flack</span>
        </div>
        <h1>{signup ? 'Create your account' : 'Welcome back'}</h1>
        <p class="muted">{signup ? 'Pick a username your team will recognise.' : 'Sign in to pick up where you left off.'}</p>
        {notice.value && <p class="auth-notice" role="status">{notice.value.text}</p>}
        <form onSubmit={submit} noValidate aria-label={signup ? 'Create account' : 'Sign in'}>
          <div class={`field ${errors.username ? 'invalid' : ''}`}>
            <label for="auth-username">Username</label>
            <input
              id="auth-username"
              name="username"
              autocomplete="username"
              autocapitalize="off"
              spellcheck={false}
              maxLength={LIMITS.usernameMax}
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
              aria-invalid={errors.username ? 'true' : undefined}
              aria-describedby={errors.username ? 'auth-username-error' : undefined}
              autoFocus
            />
            {errors.username && (
              <p class="field-error" id="auth-username-error" role="alert">
                {errors.username}
              </p>
            )}
          </div>
          <div class={`field ${errors.password ? 'invalid' : ''}`}>
            <label for="auth-password">Password</label>
            <input
              id="auth-password"
              name="password"
              type="password"
              autocomplete={signup ? 'new-password' : 'current-password'}
              maxLength={LIMITS.passwordMax}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
              aria-invalid={errors.password ? 'true' : undefined}
              aria-describedby={errors.password ? 'auth-password-error' : signup ? 'auth-password-hint' : undefined}
            />
            {errors.password ? (
              <p class="field-error" id="auth-password-error" role="alert">
                {errors.password}
              </p>
            ) : (
              signup && (
                <p class="field-hint" id="auth-password-hint">
                  At least {LIMITS.passwordMin} characters.
                </p>
              )
            )}
          </div>
          {errors.form && (
            <p class="form-error" role="alert">
              {errors.form}
            </p>
          )}
          <button class="btn primary block" type="submit" disabled={busy}>
            {busy ? 'One moment…' : signup ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p class="auth-switch">
          {signup ? 'Already have an account?' : 'New to Flack?'}{' '}
          <button type="button" class="link" onClick={() => switchMode(signup ? 'signin' : 'signup')}>
            {signup ? 'Sign in' : 'Create an account'}
          </button>
        </p>
      </div>
    </main>
  );
}
