// A new bot account: a name, a colour and the channels it joins (from yours; anyone can add it to more later). Its
// token is shown once, at once, to copy into the program that will use it.
import { useState } from 'preact/hooks';
import { BOT_COLOURS, type IssuedToken } from '../../shared/integrations.js';
import { errorText } from '../lib/errors.js';
import { channels } from '../state/directory.js';
import { createBot } from '../state/integrations.js';
import { ColourChoice } from './ColourChoice.js';
import { CopyLink } from './CopyLink.js';
import { Icon } from './Icon.js';

export function NewBotForm() {
  const [username, setUsername] = useState('');
  const [colour, setColour] = useState<string>(BOT_COLOURS[0]);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<IssuedToken | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!username.trim()) return setError('Give the bot a name.');
    setBusy(true);
    setError(null);
    try {
      setMade(await createBot({ username: username.trim(), colour, channelIds: [...picked] }));
      setUsername('');
      setPicked(new Set());
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
    <form class="admin-section new-bot-form" onSubmit={submit} noValidate aria-labelledby="new-bot-heading">
      <h3 id="new-bot-heading">New bot</h3>
      <p class="field-hint">A bot signs in with a token instead of a password, and sees only the channels it is in.</p>
      <div class="field">
        <label for="new-bot-username">Name</label>
        <input id="new-bot-username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} autocomplete="off" spellcheck={false} aria-describedby="new-bot-username-hint" />
        <p class="field-hint" id="new-bot-username-hint">
          Like a username: letters, digits, “_”, “.” or “-”. It shows on its messages.
        </p>
      </div>
      <ColourChoice name="new-bot-colour" value={colour} onChange={setColour} />
      <fieldset class="choice">
        <legend>Channels it joins</legend>
        <ul class="pick-list bot-channels">
          {channels.value
            .filter((c) => !c.archived)
            .map((c) => (
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
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="submit" class="btn primary" disabled={busy}>
          Create bot
        </button>
      </div>
      {made && <IssuedBotToken made={made} />}
    </form>
  );
}

export function IssuedBotToken({ made }: { made: IssuedToken }) {
  return (
    <div class="new-bot new-token" role="status">
      <p>
        <strong>{made.integration.user.username}</strong>’s token. Copy it now: it is not shown again.
      </p>
      <CopyLink key={made.token} url={made.token} label={`${made.integration.user.username}'s token`} shown what="token" />
      <p class="field-hint">
        Send it as <code>Authorization: Bearer …</code> to the REST API, or as <code>auth.token</code> when the bot connects its socket.
      </p>
    </div>
  );
}
