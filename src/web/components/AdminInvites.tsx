// The console's invite links: a form for a new one, and the links made so far (newest first), each with what is
// left of it and, while it works, "Copy link" and "Revoke".
import { useEffect, useState } from 'preact/hooks';
import type { Invite } from '../../shared/protocol.js';
import { errorText } from '../lib/errors.js';
import { formatDay, formatTime } from '../lib/format.js';
import { inviteStatus, invites, loadInvites, revokeInvite } from '../state/invites.js';
import { inviteLink } from '../state/inviteRoute.js';
import { personById } from '../state/people.js';
import { AdminInviteForm } from './AdminInviteForm.js';
import { CopyLink } from './CopyLink.js';

export function AdminInvites() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void loadInvites().catch((e: unknown) => setError(errorText(e))), []);
  const list = invites.value;
  return (
    <>
      <AdminInviteForm />
      <section class="admin-section" aria-labelledby="invites-heading">
        <h3 id="invites-heading">Invite links</h3>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {!list && !error && (
          <p class="muted" role="status">
            Loading…
          </p>
        )}
        {list?.length === 0 && <p class="muted">No invite links yet.</p>}
        {list && list.length > 0 && (
          <ul class="admin-list invite-list" aria-label="Invite links">
            {list.map((i) => (
              <InviteRow key={i.id} invite={i} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

const when = (ms: number) => `${formatDay(ms)} ${formatTime(ms)}`;

function InviteRow({ invite }: { invite: Invite }) {
  const [error, setError] = useState<string | null>(null);
  const status = inviteStatus(invite);
  const by = personById(invite.createdBy)?.username;
  const revoke = () => revokeInvite(invite.id).catch((e: unknown) => setError(errorText(e)));
  return (
    <li class={`invite-row status-${status.replace(' ', '-')}`} data-invite={invite.id}>
      <div class="invite-row-text">
        <strong>{invite.role === 'guest' ? 'Guest link' : 'Member link'}</strong>
        <span class="tag invite-status">{status}</span>
        <span class="muted invite-facts">
          {invite.uses}/{invite.maxUses} used · {status === 'expired' ? 'expired' : 'expires'} {when(invite.expiresAt)}
          {invite.role === 'guest' && ` · ${invite.channelIds.length} ${invite.channelIds.length === 1 ? 'channel' : 'channels'}`}
          {by && ` · by ${by}`}
        </span>
      </div>
      {status === 'active' && (
        <div class="invite-row-actions">
          <CopyLink url={inviteLink(invite.token)} label={`the ${invite.role} invite link made ${when(invite.createdAt)}`} />
          <button type="button" class="btn small danger-ghost" onClick={() => void revoke()} aria-label={`Revoke the ${invite.role} invite link made ${when(invite.createdAt)}`}>
            Revoke
          </button>
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
