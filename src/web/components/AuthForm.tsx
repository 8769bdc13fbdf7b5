// Sign in / create account. Errors appear next to the field they are about. What the page says above the form
// depends on how you came: through an invite link, to a new installation, or to a workspace that needs an invite.
import { useState } from 'preact/hooks';
import { LIMITS, USERNAME_PATTERN, type InvitePreview, type WorkspaceDoor } from '../../shared/protocol.js';
import { HttpError } from '../transport/http.js';
import { signInWith, signUpOffered, signUpWith } from '../state/auth.js';

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
    case 'signup_closed':
      return { form: e.message || 'Signing up here needs an invite link from an admin.' };
    case 'rate_limited':
      return { form: 'Too many attempts. Please wait a moment and try again.' };
    default:
      return { form: e.message };
  }
}

interface Props {
  workspaceName: string;
  /** null: the server did not say. */
  door: WorkspaceDoor | null;
  invite: InvitePreview | null;
}

function lead(mode: Mode, { door, invite }: Props): string {
  if (mode === 'signin') return 'Sign in to pick up where you left off.';
  if (invite) return `${invite.invitedBy} invited you to join ${invite.workspaceName}${invite.role === 'guest' ? ' as a guest' : ''}.`;
  if (door?.signUp === 'first') return 'You are the first here: your account will own this workspace.';
  return 'Pick a username your team will recognise.';
}

export function AuthForm(props: Props) {
  const [mode, setMode] = useState<Mode>(props.invite ? 'signup' : 'signin');
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
      await (mode === 'signup' ? signUpWith(credentials) : signInWith(credentials));
    } catch (err) {
      setErrors(fromServer(err));
      setBusy(false);
    }
  };

  const switchMode = (m: Mode) => {
    setMode(m);
    setErrors({});
  };

  const signup = mode === 'signup' && signUpOffered.value;
  return (
    <>
      <p class="muted auth-lead">{lead(signup ? 'signup' : 'signin', props)}</p>
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
        {signup ? (
          <>
            Already have an account?{' '}
            <button type="button" class="link" onClick={() => switchMode('signin')}>
              Sign in
            </button>
          </>
        ) : signUpOffered.value ? (
          <>
            {props.door?.signUp === 'first' ? 'Nobody is here yet.' : `New to ${props.workspaceName}?`}{' '}
            <button type="button" class="link" onClick={() => switchMode('signup')}>
              Create an account
            </button>
          </>
        ) : (
          <span class="auth-invite-only">
            {props.door?.signUp === 'closed'
              ? `New here? ${props.workspaceName} is not taking new accounts at the moment.`
              : `New here? Creating an account needs an invite link from an admin of ${props.workspaceName}.`}
          </span>
        )}
      </p>
    </>
  );
}
