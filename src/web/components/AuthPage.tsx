// The signed-out page: the workspace's name, and sign in, sign up (when the workspace is open, new, or the page
// was reached through a valid invite link), a new password (through a reset link), or what to do about an invite
// or reset link that no longer works.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { door, forgetInvite, invite, loadDoor } from '../state/auth.js';
import { forgetReset, loadReset, reset } from '../state/passwordReset.js';
import { notice } from '../state/ui.js';
import { AuthForm } from './AuthForm.js';
import { ResetForm } from './ResetForm.js';
import { WorkspaceMark } from './WorkspaceMark.js';

export function AuthPage() {
  useEffect(() => {
    const load = () => void Promise.all([loadDoor(), loadReset()]);
    load();
    // An invite or reset link pasted into this tab.
    const onHash = load;
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const inv = invite.value;
  const rst = reset.value;
  if (door.value === undefined || inv?.status === 'loading' || rst?.status === 'loading') {
    return (
      <div class="splash" role="status">
        <span class="spinner" aria-hidden="true" />
        <span class="visually-hidden">Loading Flack…</span>
      </div>
    );
  }
  const name = (inv?.status === 'valid' ? inv.preview.workspaceName : door.value?.name) ?? 'Flack';
  const icon = inv?.status === 'valid' ? inv.preview.workspaceIcon : door.value?.icon;
  if (rst) {
    return (
      <AuthCard name={name} icon={icon}>
        {rst.status === 'valid' ? <ResetForm username={rst.username} /> : <Gone message={rst.message} onLeave={forgetReset} />}
      </AuthCard>
    );
  }
  if (inv?.status === 'invalid') {
    return (
      <AuthCard name={name} icon={icon}>
        <Gone message={inv.message} onLeave={forgetInvite} />
      </AuthCard>
    );
  }
  return (
    <AuthCard name={name} icon={icon}>
      <AuthForm workspaceName={name} door={door.value} invite={inv?.status === 'valid' ? inv.preview : null} />
    </AuthCard>
  );
}

/** A link that no longer works: why, and the way to the plain sign-in page. */
function Gone({ message, onLeave }: { message: string; onLeave: () => void }) {
  return (
    <>
      <p class="auth-invite-gone" role="alert">
        {message}
      </p>
      <button type="button" class="btn block" onClick={onLeave}>
        Sign in instead
      </button>
    </>
  );
}

/** The workspace's name is the page's heading, beside Flack's mark. */
function AuthCard({ name, icon, children }: { name: string; icon: string | undefined; children: ComponentChildren }) {
  return (
    <main class="auth">
      <div class="auth-card">
        <div class="brand">
          <WorkspaceMark icon={icon} size={40} />
          <h1>{name}</h1>
        </div>
        {notice.value && (
          <p class="auth-notice" role="status">
            {notice.value.text}
          </p>
        )}
        {children}
      </div>
    </main>
  );
}
