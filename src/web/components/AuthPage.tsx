// The signed-out page: the workspace's name, and sign in, sign up (when the workspace is open, new, or the page
// was reached through a valid invite link), or what to do about an invite link that no longer works.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { door, forgetInvite, invite, loadDoor } from '../state/auth.js';
import { notice } from '../state/ui.js';
import { AuthForm } from './AuthForm.js';

export function AuthPage() {
  useEffect(() => {
    void loadDoor();
    // An invite link pasted into this tab.
    const onHash = () => void loadDoor();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const inv = invite.value;
  if (door.value === undefined || inv?.status === 'loading') {
    return (
      <div class="splash" role="status">
        <span class="spinner" aria-hidden="true" />
        <span class="visually-hidden">Loading Flack…</span>
      </div>
    );
  }
  const name = (inv?.status === 'valid' ? inv.preview.workspaceName : door.value?.name) ?? 'Flack';
  if (inv?.status === 'invalid') {
    return (
      <AuthCard name={name}>
        <p class="auth-invite-gone" role="alert">
          {inv.message}
        </p>
        <button type="button" class="btn block" onClick={forgetInvite}>
          Sign in instead
        </button>
      </AuthCard>
    );
  }
  return (
    <AuthCard name={name}>
      <AuthForm workspaceName={name} door={door.value} invite={inv?.status === 'valid' ? inv.preview : null} />
    </AuthCard>
  );
}

/** The workspace's name is the page's heading, beside Flack's mark. */
function AuthCard({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <main class="auth">
      <div class="auth-card">
        <div class="brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
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
