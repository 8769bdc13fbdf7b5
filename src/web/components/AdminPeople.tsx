// The console's people: everyone, deactivated accounts too, found by the start of their username. Each row's role,
// (de)activation and password reset link offer only what src/shared/roles.ts allows you; a refusal shows on its row.
import { useState } from 'preact/hooks';
import { ADMIN_LIMITS } from '../../shared/admin.js';
import { mayChangeRole, mayDeactivate, ROLES, type Role } from '../../shared/roles.js';
import type { PasswordResetLink, User } from '../../shared/protocol.js';
import { formatFull } from '../lib/format.js';
import { accountErrorText, changeRole, makeResetLink, searchAccounts, setDeactivated } from '../state/accounts.js';
import { users } from '../state/directory.js';
import { resetLink } from '../state/resetRoute.js';
import { me } from '../state/session.js';
import { CopyLink } from './CopyLink.js';
import { LoadMore } from './LoadMore.js';
import { RoleBadge } from './RoleBadge.js';
import { ListStatus, SearchField } from './SearchField.js';
import { usePages } from './usePages.js';

export function AdminPeople() {
  const [filter, setFilter] = useState('');
  const query = filter.trim();
  const list = usePages((after) => searchAccounts(query, after), query, 200);
  return (
    <>
      <SearchField id="admin-people-search" label="Search people" placeholder="Search people by username" value={filter} onInput={setFilter} />
      <ListStatus error={list.error} loaded={list.loaded} />
      <ul class="admin-list" aria-label="People">
        {list.items.map((u) => (
          // The cache has the latest copy: a change made here, or by another admin (the `user` event).
          <AccountRow key={u.id} user={users.value.get(u.id) ?? u} />
        ))}
        {list.loaded && list.items.length === 0 && <li class="muted empty-hint">Nobody’s username starts with “{query}”.</li>}
        <LoadMore pages={list} />
      </ul>
    </>
  );
}

function AccountRow({ user }: { user: User }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reset, setReset] = useState<PasswordResetLink | null>(null);
  const mine = me.value;
  if (!mine) return null;
  const self = user.id === mine.id;
  const manage = !self && mayDeactivate(mine.role, user.role);
  // Nobody changes their own role (src/core/admin.ts keeps the last owner from stepping down).
  const roles = ROLES.filter((r) => r === user.role || (!self && mayChangeRole(mine.role, user.role, r)));
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(accountErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  const selectId = `admin-role-${user.id}`;
  return (
    <li class={`admin-person ${user.deactivated ? 'deactivated' : ''}`} data-user={user.username}>
      <span class="admin-person-name">
        <span class="admin-username">{user.username}</span>
        {self && <span class="muted"> (you)</span>}
        <RoleBadge role={user.role} bot={user.bot} />
        {user.deactivated && <span class="tag deactivated-tag">deactivated</span>}
      </span>
      <label for={selectId} class="visually-hidden">
        Role of {user.username}
      </label>
      <select
        id={selectId}
        class="admin-role"
        value={user.role}
        disabled={busy || roles.length < 2}
        onChange={(e) => void act(() => changeRole(user.id, e.currentTarget.value as Role))}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r[0]!.toUpperCase() + r.slice(1)}
          </option>
        ))}
      </select>
      {manage && !user.deactivated ? (
        <button
          type="button"
          class="btn small"
          disabled={busy}
          onClick={() => void act(async () => setReset(await makeResetLink(user.id)))}
          aria-label={`Reset password of ${user.username}`}
        >
          Reset password
        </button>
      ) : (
        <span class="admin-person-spacer" />
      )}
      {manage ? (
        <button
          type="button"
          class={`btn small ${user.deactivated ? '' : 'danger-ghost'}`}
          disabled={busy}
          onClick={() => void act(() => setDeactivated(user.id, !user.deactivated))}
          aria-label={`${user.deactivated ? 'Reactivate' : 'Deactivate'} ${user.username}`}
        >
          {user.deactivated ? 'Reactivate' : 'Deactivate'}
        </button>
      ) : (
        <span class="admin-person-spacer" />
      )}
      {reset && !user.deactivated && <ResetLink username={user.username} link={reset} />}
      {error && (
        <p class="form-error admin-row-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Shown once (the server keeps only its hash): the admin copies it now and hands it over. */
function ResetLink({ username, link }: { username: string; link: PasswordResetLink }) {
  return (
    <div class="admin-reset" role="group" aria-label={`Password reset link for ${username}`}>
      <CopyLink url={resetLink(link.token)} label={`the password reset link for ${username}`} shown />
      <p class="muted">
        Hand it over yourself; it works once, for {ADMIN_LIMITS.resetHours} hours (until {formatFull(link.expiresAt)}). Setting a new password
        through it signs {username} out everywhere else.
      </p>
    </div>
  );
}
