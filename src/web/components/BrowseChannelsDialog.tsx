// Every public channel, found by the start of its name and listed a page at a time: join one, or open one you are in
// (archived ones too, marked: they are out of the sidebar, and this is one way back to them).
import { useState } from 'preact/hooks';
import type { ConversationView } from '../../shared/protocol.js';
import { errorText } from '../lib/errors.js';
import { browseChannels, joinChannel } from '../state/browse.js';
import { openConversation } from '../state/navigation.js';
import { closeDialog } from '../state/ui.js';
import { Dialog } from './Dialog.js';
import { ListStatus, SearchField } from './SearchField.js';
import { Icon } from './Icon.js';
import { LoadMore } from './LoadMore.js';
import { usePages } from './usePages.js';

export function BrowseChannelsDialog() {
  const [filter, setFilter] = useState('');
  const [joining, setJoining] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = filter.trim();
  const list = usePages((after) => browseChannels(query, after), query, 200);

  const join = async (c: ConversationView) => {
    if (!c.isMember) {
      setJoining(c.id);
      try {
        await joinChannel(c.id);
      } catch (e) {
        setError(errorText(e));
        setJoining(null);
        return;
      }
    }
    closeDialog();
    openConversation(c.id);
  };

  const shownError = error ?? list.error;
  return (
    <Dialog title="Browse channels" wide>
      <SearchField id="browse-filter" label="Search channels" placeholder="Search channels by name" value={filter} onInput={setFilter} autoFocus />
      <ListStatus error={shownError} loaded={list.loaded || list.error !== null} />
      <ul class="browse-list" aria-label="Channels">
        {list.items.map((c) => (
          <li key={c.id} class="browse-item">
            <div class="browse-text">
              <strong>
                <Icon name={c.kind === 'private' ? 'lock' : 'hash'} size={14} /> {c.name}
                {c.archived && <span class="tag state-tag archived-tag">archived</span>}
              </strong>
              <span class="muted">
                {c.memberCount} member{c.memberCount === 1 ? '' : 's'}
                {c.topic && ` · ${c.topic}`}
              </span>
            </div>
            <button
              type="button"
              class={`btn small ${c.isMember ? '' : 'primary'}`}
              disabled={joining === c.id}
              onClick={() => void join(c)}
              aria-label={`${c.isMember ? 'Open' : 'Join'} #${c.name}`}
            >
              {c.isMember ? 'Open' : 'Join'}
            </button>
          </li>
        ))}
        {list.loaded && list.items.length === 0 && <li class="muted empty-hint">No channels match.</li>}
        <LoadMore pages={list} />
      </ul>
    </Dialog>
  );
}
