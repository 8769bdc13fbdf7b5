import { useEffect } from 'preact/hooks';
import type { User } from '../../shared/protocol.js';
import { currentUser } from '../transport/http.js';
import { clearInviteRoute, inviteToken } from '../state/inviteRoute.js';
import { clearResetRoute, resetToken } from '../state/resetRoute.js';
import { startSession } from '../state/live.js';
import { authState } from '../state/session.js';
import { showNotice } from '../state/ui.js';
import { AuthPage } from './AuthPage.js';
import { Workspace } from './Workspace.js';

/** An invite or reset link opened while signed in is for someone else (or for an account you already have). */
function startSignedIn(user: User): void {
  if (inviteToken() !== null) {
    clearInviteRoute();
    showNotice(`You already have an account here: ${user.username}. To use the invite link, sign out first.`);
  }
  if (resetToken() !== null) {
    clearResetRoute();
    showNotice(`You are signed in as ${user.username}. To use the password reset link, sign out first.`);
  }
  startSession(user);
}

export function App() {
  useEffect(() => {
    currentUser()
      .then((user) => (user ? startSignedIn(user) : (authState.value = 'signed-out')))
      .catch(() => (authState.value = 'signed-out'));
  }, []);

  if (authState.value === 'loading') {
    return (
      <div class="splash" role="status">
        <span class="spinner" aria-hidden="true" />
        <span class="visually-hidden">Loading Flack…</span>
      </div>
    );
  }
  return authState.value === 'signed-in' ? <Workspace /> : <AuthPage />;
}
