// Ctrl/⌘+K: type a few letters of a channel or person, Enter to go there.
import { useState } from 'preact/hooks';
import { channels, directMessages, people } from '../state/directory.js';
import { openConversation } from '../state/navigation.js';
import { closeDialog } from '../state/ui.js';
import { PresenceDot } from './Avatar.js';
import { Dialog } from './Dialog.js';
import { openDm } from './dm.js';
import { Icon } from './Icon.js';

interface Entry {
  key: string;
  label: string;
  icon: 'hash' | 'lock' | 'message' | { online: boolean };
  go: () => void;
}

export function QuickSwitcher() {
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const entries: Entry[] = [
    ...channels.value.map((c) => ({ key: `c${c.id}`, label: c.name, icon: c.kind === 'private' ? ('lock' as const) : ('hash' as const), go: () => openConversation(c.id) })),
    ...directMessages.value.map((c) => ({ key: `c${c.id}`, label: c.name, icon: 'message' as const, go: () => openConversation(c.id) })),
    ...people.value.map((u) => ({ key: `u${u.id}`, label: u.username, icon: { online: u.online }, go: () => void openDm([u.id]) })),
  ];
  const needle = q.trim().toLowerCase().replace(/^[#@]/, '');
  const shown = entries.filter((e) => e.label.toLowerCase().includes(needle)).slice(0, 12);
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
