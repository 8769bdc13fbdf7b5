import { useEffect } from 'preact/hooks';
import { currentUser } from '../transport/http.js';
import { startSession } from '../state/live.js';
import { authState } from '../state/session.js';
import { AuthPage } from './AuthPage.js';
import { Workspace } from './Workspace.js';

export function App() {
  useEffect(() => {
    currentUser()
      .then((user) => (user ? startSession(user) : (authState.value = 'signed-out')))
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
