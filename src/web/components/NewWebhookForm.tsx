// A new incoming webhook: a name (shown on what it posts) and the channel it posts into. Its secret URL is shown
// once, with a curl line that posts through it.
import { useState } from 'preact/hooks';
import { BOT_COLOURS, type IssuedToken } from '../../shared/integrations.js';
import { errorText } from '../lib/errors.js';
import { channels } from '../state/directory.js';
import { createWebhook, webhookUrl } from '../state/integrations.js';
import { ColourChoice } from './ColourChoice.js';
import { CopyLink } from './CopyLink.js';

export function NewWebhookForm() {
  const open = channels.value.filter((c) => !c.archived);
  const [name, setName] = useState('');
  const [colour, setColour] = useState<string>(BOT_COLOURS[2]);
  const [channelId, setChannelId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<IssuedToken | null>(null);
  const target = channelId ?? open[0]?.id ?? null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the webhook a name.');
    if (target === null) return setError('Pick the channel it posts into.');
    setBusy(true);
    setError(null);
    try {
      setMade(await createWebhook({ name: name.trim(), colour, channelId: target }));
      setName('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="admin-section new-webhook-form" onSubmit={submit} noValidate aria-labelledby="new-webhook-heading">
      <h3 id="new-webhook-heading">New incoming webhook</h3>
      <p class="field-hint">A secret URL that posts into one channel: for CI results, alerts and scripts. It takes Slack’s payloads too.</p>
      <div class="row">
        <div class="field">
          <label for="new-webhook-name">Name</label>
          <input id="new-webhook-name" value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="off" spellcheck={false} placeholder="ci-builds" />
        </div>
        <div class="field">
          <label for="new-webhook-channel">Posts into</label>
          <select id="new-webhook-channel" value={target ?? ''} onChange={(e) => setChannelId(Number(e.currentTarget.value))}>
            {open.map((c) => (
              <option key={c.id} value={c.id}>
                {c.kind === 'private' ? '🔒 ' : '#'}
                {c.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ColourChoice name="new-webhook-colour" value={colour} onChange={setColour} />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="submit" class="btn primary" disabled={busy}>
          Create webhook
        </button>
      </div>
      {made && <IssuedWebhookUrl made={made} />}
    </form>
  );
}

export function IssuedWebhookUrl({ made }: { made: IssuedToken }) {
  const url = webhookUrl(made.token);
  return (
    <div class="new-webhook new-token" role="status">
      <p>
        <strong>{made.integration.user.username}</strong>’s URL. Copy it now: it is not shown again. Anyone who has it can post.
      </p>
      <CopyLink key={made.token} url={url} label={`${made.integration.user.username}'s webhook URL`} shown />
      <pre class="curl-example">
        <code>{`curl -X POST -H 'Content-Type: application/json' \\\n  -d '{"text": "Build #42 passed"}' \\\n  ${url}`}</code>
      </pre>
    </div>
  );
}
