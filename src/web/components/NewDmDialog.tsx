// Pick one person for a direct message, or up to seven for a group conversation, from the server's people search.
// Whoever is picked stays on the list, checked, whatever the search shows.
import { useState } from 'preact/hooks';
import { LIMITS, type UserWithPresence } from '../../shared/protocol.js';
import { users } from '../state/directory.js';
import { searchPeople } from '../state/people.js';
import { me } from '../state/session.js';
import { closeDialog } from '../state/ui.js';
import { PresenceDot } from './Avatar.js';
import { Dialog } from './Dialog.js';
import { openDm } from './dm.js';
import { LoadMore } from './LoadMore.js';
import { usePages, useWatchPresence } from './usePages.js';

const MAX_OTHERS = LIMITS.dmMaxMembers - 1;

export function NewDmDialog() {
  const [picked, setPicked] = useState<UserWithPresence[]>([]);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const query = filter.trim();
  const list = usePages((after) => searchPeople(query, after), query, 200);
  const pickedIds = new Set(picked.map((u) => u.id));
  const found = list.items.filter((u) => u.id !== me.value?.id && !pickedIds.has(u.id));
  const shown = [...picked, ...found].map((u) => users.value.get(u.id) ?? u);
  useWatchPresence(shown.map((u) => u.id));
  const full = picked.length >= MAX_OTHERS;

  const toggle = (u: UserWithPresence) =>
    setPicked((p) => (p.some((x) => x.id === u.id) ? p.filter((x) => x.id !== u.id) : full ? p : [...p, u]));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!picked.length) return;
    setBusy(true);
    if (await openDm(picked.map((u) => u.id))) closeDialog();
    else setBusy(false);
  };

  return (
    <Dialog title="New direct message" description={`Choose one person, or up to ${MAX_OTHERS} for a group conversation.`}>
      <form onSubmit={submit}>
        <div class="field">
          <label for="dm-filter" class="visually-hidden">
            Find people
          </label>
          <input
            id="dm-filter"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
            placeholder="Find people by username"
            autoFocus
            autocomplete="off"
            spellcheck={false}
          />
        </div>
        {list.error && (
          <p class="form-error" role="alert">
            {list.error}
          </p>
        )}
        <ul class="pick-list" aria-label="People">
          {shown.map((u) => {
            const checked = pickedIds.has(u.id);
            return (
              <li key={u.id}>
                <label class={`pick ${checked ? 'checked' : ''}`}>
                  <input type="checkbox" checked={checked} disabled={!checked && full} onChange={() => toggle(u)} />
                  <PresenceDot online={u.online} />
                  <span>{u.username}</span>
                  <span class="muted">{u.online ? 'online' : ''}</span>
                </label>
              </li>
            );
          })}
          {!list.loaded && !list.error && (
            <li class="muted empty-hint" role="status">
              Loading…
            </li>
          )}
          {list.loaded && found.length === 0 && !list.loading && <li class="muted empty-hint">Nobody else matches.</li>}
          <LoadMore pages={list} />
        </ul>
        {full && <p class="field-hint">A group conversation can have at most {LIMITS.dmMaxMembers} people, you included.</p>}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" class="btn primary" disabled={busy || picked.length === 0}>
            {picked.length > 1 ? `Start group (${picked.length + 1})` : 'Start conversation'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
