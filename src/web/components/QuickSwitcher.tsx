// Ctrl/⌘+K: type a few letters of a channel or person, Enter to go there. Your channels and DMs are matched here;
// people, who are too many to hold, by the server's search (the start of their username), after a short pause.
import { useState } from 'preact/hooks';
import { channels, directMessages, users } from '../state/directory.js';
import { searchPeople } from '../state/people.js';
import { me } from '../state/session.js';
import { openConversation } from '../state/navigation.js';
import { closeDialog } from '../state/ui.js';
import { PresenceDot } from './Avatar.js';
import { Dialog } from './Dialog.js';
import { openDm } from './dm.js';
import { Icon } from './Icon.js';
import { usePages, useWatchPresence } from './usePages.js';

const SHOWN = 12;

interface Entry {
  key: string;
  label: string;
  icon: 'hash' | 'lock' | 'message' | { online: boolean };
  go: () => void;
}

export function QuickSwitcher() {
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const needle = q.trim().toLowerCase().replace(/^[#@]/, '');
  const found = usePages((after) => (needle ? searchPeople(needle, after) : Promise.resolve({ items: [], next: null })), needle, 150);
  const conversationsShown: Entry[] = [
    ...channels.value.map((c) => ({ key: `c${c.id}`, label: c.name, icon: c.kind === 'private' ? ('lock' as const) : ('hash' as const), go: () => openConversation(c.id) })),
    ...directMessages.value.map((c) => ({ key: `c${c.id}`, label: c.name, icon: 'message' as const, go: () => openConversation(c.id) })),
  ].filter((e) => e.label.toLowerCase().includes(needle));
  const people = found.items.filter((u) => u.id !== me.value?.id).slice(0, Math.max(0, SHOWN - conversationsShown.length));
  useWatchPresence(people.map((u) => u.id));
  const shown: Entry[] = [
    ...conversationsShown.slice(0, SHOWN),
    ...people.map((p) => {
      const u = users.value.get(p.id) ?? p;
      return { key: `u${u.id}`, label: u.username, icon: { online: u.online }, go: () => void openDm([u.id]) };
    }),
  ];
  const pick = (e: Entry | undefined) => {
    if (!e) return;
    closeDialog();
    e.go();
  };

  return (
    <Dialog title="Jump to a conversation">
      <input
        class="switcher-input"
        value={q}
        placeholder="Channel or person"
        aria-label="Channel or person"
        role="combobox"
        aria-expanded="true"
        aria-controls="switcher-list"
        aria-activedescendant={shown[active] ? `sw-${shown[active].key}` : undefined}
        autoFocus
        autocomplete="off"
        onInput={(e) => {
          setQ(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const n = shown.length || 1;
            setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + n) % n);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(shown[active]);
          }
        }}
      />
      <ul class="switcher-list" id="switcher-list" role="listbox" aria-label="Matches">
        {shown.map((e, i) => (
          <li key={e.key} id={`sw-${e.key}`} role="option" aria-selected={i === active} class={i === active ? 'active' : ''} onClick={() => pick(e)} onMouseMove={() => setActive(i)}>
            <span class="item-icon">{typeof e.icon === 'string' ? <Icon name={e.icon} size={16} /> : <PresenceDot online={e.icon.online} />}</span>
            {e.label}
          </li>
        ))}
        {shown.length === 0 && <li class="muted empty-hint">No matches.</li>}
      </ul>
    </Dialog>
  );
}
