// The console's channels: every public one, archived ones too, found by the start of its name. An admin archives,
// unarchives or deletes any of them without being in it (src/shared/roles.ts mayManageChannel); a deletion is
// confirmed on its row first, and a refusal shows on its row.
import { useEffect, useRef, useState } from 'preact/hooks';
import { mayManageChannel } from '../../shared/roles.js';
import type { ConversationView } from '../../shared/protocol.js';
import { archiveListed, channelErrorText, deleteListed, listChannels } from '../state/adminChannels.js';
import { me } from '../state/session.js';
import { ListStatus, SearchField } from './SearchField.js';
import { LoadMore } from './LoadMore.js';
import { usePages } from './usePages.js';

export function AdminChannels() {
  const [filter, setFilter] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const query = filter.trim().replace(/^#/, '');
  const list = usePages((after) => listChannels(query, after), query, 200);
  const replace = (c: ConversationView) => list.update((items) => items.map((i) => (i.id === c.id ? c : i)));
  const remove = (id: number) => {
    list.update((items) => items.filter((i) => i.id !== id));
    // Its row, and the button that had focus, are gone.
    search.current?.focus();
  };
  return (
    <>
      <SearchField id="admin-channels-search" label="Search channels" placeholder="Search channels by name" value={filter} onInput={setFilter} inputRef={search} />
      <ListStatus error={list.error} loaded={list.loaded} />
      <ul class="admin-list" aria-label="Channels">
        {list.items.map((c) => (
          <ChannelRow key={c.id} channel={c} onChange={replace} onDeleted={remove} />
        ))}
        {list.loaded && list.items.length === 0 && (
          <li class="muted empty-hint">{query ? `No channel’s name starts with “${query}”.` : 'There are no public channels yet.'}</li>
        )}
        <LoadMore pages={list} />
      </ul>
      <p class="field-hint admin-note">Private channels and direct messages are their members’ own: they are not listed here.</p>
    </>
  );
}

interface RowProps {
  channel: ConversationView;
  onChange(c: ConversationView): void;
  onDeleted(id: number): void;
}

function ChannelRow({ channel: c, onChange, onDeleted }: RowProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
  }, [confirming]);
  const mine = me.value;
  if (!mine) return null;
  const manage = mayManageChannel(mine, c);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(channelErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setConfirming(false);
    deleteButton.current?.focus();
  };
  const confirmId = `admin-delete-${c.id}`;
  return (
    <li class={`admin-channel ${c.archived ? 'archived' : ''}`} data-channel={c.name}>
      <span class="admin-channel-text">
        <span class="admin-channel-head">
          <strong class="admin-channel-name">#{c.name}</strong>
          <span class="muted admin-channel-count">
            {c.memberCount} member{c.memberCount === 1 ? '' : 's'}
          </span>
          {c.archived && <span class="tag state-tag archived-tag">archived</span>}
          {c.announcement && <span class="tag state-tag announcement-tag">announcements</span>}
        </span>
        {c.topic && (
          <span class="muted admin-channel-topic" title={c.topic}>
            {c.topic}
          </span>
        )}
      </span>
      {manage && (
        <>
          <button
            type="button"
            class="btn small"
            disabled={busy}
            onClick={() => void act(async () => onChange(await archiveListed(c, !c.archived)))}
            aria-label={`${c.archived ? 'Unarchive' : 'Archive'} #${c.name}`}
          >
            {c.archived ? 'Unarchive' : 'Archive'}
          </button>
          <button
            ref={deleteButton}
            type="button"
            class="btn small danger-ghost"
            disabled={busy || confirming}
            aria-expanded={confirming}
            aria-controls={confirming ? confirmId : undefined}
            onClick={() => (setError(null), setConfirming(true))}
            aria-label={`Delete #${c.name}`}
          >
            Delete
          </button>
        </>
      )}
      {confirming && (
        <div id={confirmId} class="admin-confirm" role="group" aria-label={`Delete #${c.name}?`}>
          <span>
            Delete <strong>#{c.name}</strong> and all its messages?
          </span>
          <button
            type="button"
            class="btn small danger"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                await deleteListed(c);
                onDeleted(c.id);
              })
            }
          >
            Delete
          </button>
          <button ref={cancelButton} type="button" class="btn small" disabled={busy} onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p class="form-error admin-row-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
