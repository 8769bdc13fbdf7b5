import { useState } from 'preact/hooks';
import { CHANNEL_NAME_PATTERN, LIMITS } from '../../shared/protocol.js';
import { CallError } from '../transport/socket.js';
import { rpc } from '../state/client.js';
import { upsertConversation } from '../state/directory.js';
import { openConversation } from '../state/navigation.js';
import { closeDialog } from '../state/ui.js';
import { Dialog } from './Dialog.js';

export function CreateChannelDialog() {
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [error, setError] = useState<{ field: 'name' | 'form'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const clean = name.trim().replace(/^#/, '');
    if (!CHANNEL_NAME_PATTERN.test(clean)) {
      setError({ field: 'name', text: 'Use letters, digits, “-” and “_” only, no spaces.' });
      return;
    }
    setBusy(true);
    try {
      const { conversation } = await rpc('channel:create', { name: clean, topic: topic.trim(), visibility });
      upsertConversation(conversation);
      closeDialog();
      openConversation(conversation.id);
    } catch (err) {
      setBusy(false);
      const code = err instanceof CallError ? err.code : 'internal';
      if (code === 'name_taken') setError({ field: 'name', text: `#${clean} already exists. Pick another name, or join it from Browse channels.` });
      else if (code === 'name_invalid') setError({ field: 'name', text: 'That name is not allowed.' });
      else setError({ field: 'form', text: err instanceof Error ? err.message : 'Could not create the channel.' });
    }
  };

  return (
    <Dialog title="Create a channel" description="Channels are where conversations about a topic happen.">
      <form onSubmit={submit} noValidate>
        <div class={`field ${error?.field === 'name' ? 'invalid' : ''}`}>
          <label for="channel-name">Name</label>
          <div class="input-prefix">
            <span aria-hidden="true">#</span>
            <input
              id="channel-name"
              value={name}
              maxLength={LIMITS.channelNameMax}
              placeholder="e.g. marketing"
              autoFocus
              autocomplete="off"
              spellcheck={false}
              onInput={(e) => {
                setName(e.currentTarget.value.replace(/\s/g, '-'));
                setError(null);
              }}
              aria-invalid={error?.field === 'name' ? 'true' : undefined}
              aria-describedby={error?.field === 'name' ? 'channel-name-error' : undefined}
            />
          </div>
          {error?.field === 'name' && (
            <p class="field-error" id="channel-name-error" role="alert">
              {error.text}
            </p>
          )}
        </div>
        <div class="field">
          <label for="channel-topic">
            Topic <span class="muted">(optional)</span>
          </label>
          <input id="channel-topic" value={topic} maxLength={LIMITS.topicMax} onInput={(e) => setTopic(e.currentTarget.value)} placeholder="What is it about?" />
        </div>
        <fieldset class="choice">
          <legend>Visibility</legend>
          <label class={`option ${visibility === 'public' ? 'checked' : ''}`}>
            <input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} />
            <span>
              <strong>Public</strong>
              <span class="muted">Anyone can find and join it.</span>
            </span>
          </label>
          <label class={`option ${visibility === 'private' ? 'checked' : ''}`}>
            <input type="radio" name="visibility" checked={visibility === 'private'} onChange={() => setVisibility('private')} />
            <span>
              <strong>Private</strong>
              <span class="muted">Only people you invite can see it.</span>
            </span>
          </label>
        </fieldset>
        {error?.field === 'form' && (
          <p class="form-error" role="alert">
            {error.text}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" class="btn primary" disabled={busy || !name.trim()}>
            Create channel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
