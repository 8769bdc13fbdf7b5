// Pick one person for a direct message, or up to seven for a group conversation.
import { useState } from 'preact/hooks';
import { LIMITS } from '../../shared/protocol.js';
import { people } from '../state/directory.js';
import { closeDialog } from '../state/ui.js';
import { PresenceDot } from './Avatar.js';
import { Dialog } from './Dialog.js';
import { openDm } from './dm.js';

const MAX_OTHERS = LIMITS.dmMaxMembers - 1;

export function NewDmDialog() {
  const [picked, setPicked] = useState<number[]>([]);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const q = filter.trim().toLowerCase();
  const shown = people.value.filter((u) => !q || u.username.toLowerCase().includes(q));
  const full = picked.length >= MAX_OTHERS;

  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : full ? p : [...p, id]));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!picked.length) return;
    setBusy(true);
    if (await openDm(picked)) closeDialog();
    else setBusy(false);
  };

  return (
    <Dialog title="New direct message" description={`Choose one person, or up to ${MAX_OTHERS} for a group conversation.`}>
      <form onSubmit={submit}>
        <div class="field">
          <label for="dm-filter" class="visually-hidden">
            Find people
          </label>
          <input id="dm-filter" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="Find people" autoFocus autocomplete="off" />
        </div>
        <ul class="pick-list" aria-label="People">
          {shown.map((u) => {
            const checked = picked.includes(u.id);
            return (
              <li key={u.id}>
                <label class={`pick ${checked ? 'checked' : ''}`}>
                  <input type="checkbox" checked={checked} disabled={!checked && full} onChange={() => toggle(u.id)} />
                  <PresenceDot online={u.online} />
                  <span>{u.username}</span>
                  <span class="muted">{u.online ? 'online' : ''}</span>
                </label>
              </li>
            );
          })}
          {shown.length === 0 && <li class="muted empty-hint">Nobody matches.</li>}
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
