// One bot or incoming webhook in the console: what it is, where it posts, when it was last used; a new token (a new
// URL), confirmed on the row because the old one stops working at once; and deactivating (revoking) or bringing it
// back. A new token is shown on the row, once.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Integration, IssuedToken } from '../../shared/integrations.js';
import { errorText } from '../lib/errors.js';
import { formatDay } from '../lib/format.js';
import { conversations } from '../state/directory.js';
import { rotateToken, setActive } from '../state/integrations.js';
import { personById } from '../state/people.js';
import { Avatar } from './Avatar.js';
import { IssuedBotToken } from './NewBotForm.js';
import { IssuedWebhookUrl } from './NewWebhookForm.js';

type Confirming = 'rotate' | 'revoke' | null;

export function IntegrationRow({ integration: i }: { integration: Integration }) {
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
  }, [confirming]);

  const name = i.user.username;
  const hook = i.kind === 'webhook';
  const active = !i.user.deactivated;
  const channel = i.channelId === null ? null : conversations.value.get(i.channelId);
  const by = personById(i.createdBy)?.username;
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setConfirming(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const confirmId = `integration-confirm-${i.user.id}`;
  const status = active ? 'active' : hook ? 'revoked' : 'deactivated';

  return (
    <li class={`admin-integration status-${status}`} {...{ [hook ? 'data-webhook' : 'data-bot']: name }}>
      <Avatar name={name} size="sm" colour={i.user.bot?.colour} />
      <span class="admin-integration-text">
        <span class="admin-integration-head">
          <strong>{name}</strong>
          {!active && <span class="tag state-tag">{status}</span>}
        </span>
        <span class="muted admin-integration-facts">
          {hook && (channel ? `posts into ${channel.kind === 'private' ? '🔒' : '#'}${channel.name} · ` : i.channelId === null ? 'its channel was deleted · ' : '')}
          made {formatDay(i.createdAt)}
          {by && ` by ${by}`} · {i.lastUsedAt === null ? 'never used' : `last used ${formatDay(i.lastUsedAt)}`}
        </span>
      </span>
      <span class="admin-integration-actions">
        {active && (
          <button
            type="button"
            class="btn small"
            disabled={busy || confirming !== null}
            aria-expanded={confirming === 'rotate'}
            aria-controls={confirming === 'rotate' ? confirmId : undefined}
            onClick={() => (setError(null), setConfirming('rotate'))}
            aria-label={`${hook ? 'New URL' : 'New token'} for ${name}`}
          >
            {hook ? 'New URL' : 'New token'}
          </button>
        )}
        {active ? (
          <button
            type="button"
            class="btn small danger-ghost"
            disabled={busy || confirming !== null}
            aria-expanded={confirming === 'revoke'}
            aria-controls={confirming === 'revoke' ? confirmId : undefined}
            onClick={() => (setError(null), setConfirming('revoke'))}
            aria-label={`${hook ? 'Revoke' : 'Deactivate'} ${name}`}
          >
            {hook ? 'Revoke' : 'Deactivate'}
          </button>
        ) : (
          <button type="button" class="btn small" disabled={busy} onClick={() => void act(() => setActive(i, true))} aria-label={`${hook ? 'Restore' : 'Reactivate'} ${name}`}>
            {hook ? 'Restore' : 'Reactivate'}
          </button>
        )}
      </span>
      {confirming && (
        <div id={confirmId} class="admin-confirm" role="group" aria-label={`${confirming === 'rotate' ? 'Replace the token of' : 'Revoke'} ${name}?`}>
          <span>
            {confirming === 'rotate'
              ? `The ${hook ? 'URL' : 'token'} in use now stops working at once.`
              : hook
                ? `Nothing can post through ${name}'s URL any more. What it posted stays.`
                : `${name} is signed out and cannot sign in until you reactivate it.`}
          </span>
          <button
            type="button"
            class="btn small danger"
            disabled={busy}
            onClick={() =>
              void act(async () => (confirming === 'rotate' ? setIssued(await rotateToken(i.user.id)) : (setIssued(null), await setActive(i, false))))
            }
          >
            {confirming === 'rotate' ? (hook ? 'Make a new URL' : 'Make a new token') : hook ? 'Revoke' : 'Deactivate'}
          </button>
          <button ref={cancelButton} type="button" class="btn small" disabled={busy} onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      )}
      {issued && active && <div class="admin-integration-issued">{hook ? <IssuedWebhookUrl made={issued} /> : <IssuedBotToken made={issued} />}</div>}
      {error && (
        <p class="form-error admin-row-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
