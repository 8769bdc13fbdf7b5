// A new invite link: for a member (who also joins #general) or a guest (who sees only the channels picked here,
// from yours), for so many hours and uses. The link it made is shown at once, to copy.
import { useState } from 'preact/hooks';
import { ADMIN_LIMITS } from '../../shared/admin.js';
import type { Invite, InviteRole } from '../../shared/protocol.js';
import { errorText } from '../lib/errors.js';
import { channels } from '../state/directory.js';
import { createInvite } from '../state/invites.js';
import { inviteLink } from '../state/inviteRoute.js';
import { workspace } from '../state/workspace.js';
import { Icon } from './Icon.js';
import { CopyLink } from './CopyLink.js';

const DEFAULT_USES: Record<InviteRole, number> = { member: 10, guest: 1 };
const DEFAULT_HOURS = 7 * 24;

export function AdminInviteForm() {
  const [role, setRole] = useState<InviteRole>('member');
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [hours, setHours] = useState(String(DEFAULT_HOURS));
  const [uses, setUses] = useState<string | null>(null); // null: the role's default
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<Invite | null>(null);
  const maxUses = uses ?? String(DEFAULT_USES[role]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const h = Number(hours);
    const n = Number(maxUses);
    if (!Number.isInteger(h) || h < 1 || h > ADMIN_LIMITS.inviteHoursMax) return setError(`Hours: a whole number from 1 to ${ADMIN_LIMITS.inviteHoursMax}.`);
    if (!Number.isInteger(n) || n < 1 || n > ADMIN_LIMITS.inviteUsesMax) return setError(`Uses: a whole number from 1 to ${ADMIN_LIMITS.inviteUsesMax}.`);
    if (role === 'guest' && picked.size === 0) return setError('Pick the channels a guest may see.');
    setBusy(true);
    setError(null);
    try {
      setMade(await createInvite({ role, channelIds: role === 'guest' ? [...picked] : [], hours: h, maxUses: n }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: number) => {
    const next = new Set(picked);
    if (!next.delete(id)) next.add(id);
    setPicked(next);
  };

  return (
    <form class="admin-section invite-form" onSubmit={submit} noValidate aria-labelledby="new-invite-heading">
      <h3 id="new-invite-heading">New invite link</h3>
      {workspace.value?.signUpMode === 'closed' && (
        <p class="field-hint invite-closed">Sign-up is closed (Settings): invite links do not work until it opens again.</p>
      )}
      <fieldset class="choice admin-choice">
        <legend>For</legend>
        <label class={`option ${role === 'member' ? 'checked' : ''}`}>
          <input type="radio" name="invite-role" value="member" checked={role === 'member'} onChange={() => setRole('member')} />
          <span>
            <strong>Members</strong>
            <span class="muted">They join #general and can find every public channel.</span>
          </span>
        </label>
        <label class={`option ${role === 'guest' ? 'checked' : ''}`}>
          <input type="radio" name="invite-role" value="guest" checked={role === 'guest'} onChange={() => setRole('guest')} />
          <span>
            <strong>Guests</strong>
            <span class="muted">They see only the channels you pick, and DM only the people in them.</span>
          </span>
        </label>
      </fieldset>
      {role === 'guest' && (
        <fieldset class="choice">
          <legend>Channels they join</legend>
          <ul class="pick-list invite-channels">
            {channels.value.map((c) => (
              <li key={c.id}>
                <label class={`pick ${picked.has(c.id) ? 'checked' : ''}`}>
                  <input type="checkbox" checked={picked.has(c.id)} onChange={() => toggle(c.id)} />
                  <Icon name={c.kind === 'private' ? 'lock' : 'hash'} size={14} />
                  <span>{c.name}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <div class="row invite-numbers">
        <div class="field">
          <label for="invite-hours">Valid for (hours)</label>
          <input id="invite-hours" type="number" min={1} max={ADMIN_LIMITS.inviteHoursMax} value={hours} onInput={(e) => setHours(e.currentTarget.value)} aria-describedby="invite-hours-hint" />
          <p class="field-hint" id="invite-hours-hint">
            {Number(hours) === DEFAULT_HOURS ? 'A week.' : `Up to ${ADMIN_LIMITS.inviteHoursMax / 24} days.`}
          </p>
        </div>
        <div class="field">
          <label for="invite-uses">Uses</label>
          <input id="invite-uses" type="number" min={1} max={ADMIN_LIMITS.inviteUsesMax} value={maxUses} onInput={(e) => setUses(e.currentTarget.value)} aria-describedby="invite-uses-hint" />
          <p class="field-hint" id="invite-uses-hint">
            How many people may sign up with it.
          </p>
        </div>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="submit" class="btn primary" disabled={busy}>
          Create invite link
        </button>
      </div>
      {made && (
        <div class="new-invite" role="status">
          <p>
            A {made.role} invite link, for {made.maxUses === 1 ? 'one person' : `up to ${made.maxUses} people`}:
          </p>
          <CopyLink key={made.id} url={inviteLink(made.token)} label="the new invite link" shown />
        </div>
      )}
    </form>
  );
}
