import { useEffect, useState } from 'preact/hooks';
import type { ConversationView } from '../../shared/protocol.js';
import { rpc } from '../state/client.js';
import { upsertConversation } from '../state/directory.js';
import { openConversation } from '../state/navigation.js';
import { closeDialog } from '../state/ui.js';
import { Dialog } from './Dialog.js';
import { Icon } from './Icon.js';

export function BrowseChannelsDialog() {
  const [channels, setChannels] = useState<ConversationView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [joining, setJoining] = useState<number | null>(null);

  useEffect(() => {
    rpc('channels:browse', {})
      .then((r) => setChannels(r.channels))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : 'Could not load channels.'));
  }, []);

  const join = async (c: ConversationView) => {
    if (c.isMember) {
      closeDialog();
      openConversation(c.id);
      return;
    }
    setJoining(c.id);
    try {
      const { conversation } = await rpc('channel:join', { conversationId: c.id });
      upsertConversation(conversation);
      closeDialog();
      openConversation(conversation.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not join.');
      setJoining(null);
    }
  };

  const q = filter.trim().toLowerCase().replace(/^#/, '');
  const shown = (channels ?? [])
    .filter((c) => !q || c.name.toLowerCase().includes(q) || c.topic.toLowerCase().includes(q))
    .sort((a, b) => a.name.localeCompare(b.name));

  return (
    <Dialog title="Browse channels" wide>
      <div class="field">
        <label for="browse-filter" class="visually-hidden">
          Search channels
        </label>
        <div class="input-prefix">
          <Icon name="search" size={16} />
          <input id="browse-filter" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="Search channels" autoFocus autocomplete="off" />
        </div>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {channels === null && !error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      <ul class="browse-list">
        {shown.map((c) => (
          <li key={c.id} class="browse-item">
            <div class="browse-text">
              <strong>
                <Icon name={c.kind === 'private' ? 'lock' : 'hash'} size={14} /> {c.name}
              </strong>
              <span class="muted">
                {c.memberCount} member{c.memberCount === 1 ? '' : 's'}
                {c.topic && ` · ${c.topic}`}
              </span>
            </div>
            <button type="button" class={`btn small ${c.isMember ? '' : 'primary'}`} disabled={joining === c.id} onClick={() => void join(c)} aria-label={`${c.isMember ? 'Open' : 'Join'} #${c.name}`}>
              {c.isMember ? 'Open' : 'Join'}
            </button>
          </li>
        ))}
        {channels !== null && shown.length === 0 && <li class="muted empty-hint">No channels match.</li>}
      </ul>
    </Dialog>
  );
}
