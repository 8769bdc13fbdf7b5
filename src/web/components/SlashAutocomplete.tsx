// The composer's command list, the @mention list's twin (MentionAutocomplete.tsx): "/" at the start of the text
// opens it above the composer with the commands that can run here, filtered as the name is typed; ↑/↓ choose, Enter
// or Tab put "/name " in place of what was typed (and run nothing; but Enter on a name typed whole runs it), Esc
// closes it, a click picks. Focus never leaves
// the textarea: the active row is its aria-activedescendant.
import { useEffect, useState } from 'preact/hooks';
import type { JSX, RefObject } from 'preact';
import { commandAt, insertCommand, type CommandToken } from '../lib/slash.js';
import { commandSuggestions } from '../state/compose.js';

interface Options {
  conversationId: number;
  surface: string;
  area: RefObject<HTMLTextAreaElement | null>;
  /** The composer's text: a command that ran empties it without a key being pressed, and the list must follow. */
  text: string;
  replace: (text: string) => void;
}

export interface SlashAutocomplete {
  open: boolean;
  /** Spread on the textarea while `open`. */
  attrs: Record<string, string | boolean | undefined>;
  keyDown: (e: KeyboardEvent) => boolean;
  track: () => void;
  close: () => void;
  list: JSX.Element;
}

export function useSlashAutocomplete({ conversationId, surface, area, text, replace }: Options): SlashAutocomplete {
  const [token, setToken] = useState<CommandToken | null>(null);
  const [active, setActive] = useState(0);
  // Esc closed the list: it stays closed until the caret leaves the command's name.
  const [dismissed, setDismissed] = useState(false);
  const shown = token && !dismissed ? commandSuggestions(conversationId, token.prefix) : [];
  const open = shown.length > 0;
  const current = Math.min(active, shown.length - 1);
  const listId = `commands-${surface}`;
  const optionId = (i: number) => `${listId}-${i}`;

  const track = () => {
    const el = area.current;
    const next = el && el.selectionStart === el.selectionEnd ? commandAt(el.value, el.selectionStart) : null;
    if (!next) setDismissed(false);
    if (next?.prefix !== token?.prefix) setActive(0);
    setToken(next);
  };

  useEffect(() => {
    if (token && !text.startsWith('/')) setToken(null);
  }, [text]);

  const close = () => setToken(null);

  const pick = (name: string | undefined) => {
    const el = area.current;
    if (!name || !token || !el) return;
    const { text, caret } = insertCommand(el.value, token, name);
    el.value = text;
    el.setSelectionRange(caret, caret);
    replace(text);
    setToken(null);
  };

  const keyDown = (e: KeyboardEvent): boolean => {
    if (!open || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      setActive((current + (e.key === 'ArrowDown' ? 1 : -1) + shown.length) % shown.length);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
      // The whole name typed, Enter runs it (as the composer's): "/mute⏎" mutes. Tab still completes.
      if (e.key === 'Enter' && shown[current]?.name === token?.prefix) return false;
      pick(shown[current]?.name);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setDismissed(true);
    } else {
      return false;
    }
    e.preventDefault();
    return true;
  };

  const attrs = {
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': open,
    'aria-controls': listId,
    'aria-activedescendant': open ? optionId(current) : undefined,
  };

  const list = (
    <ul class="mention-list command-list" id={listId} role="listbox" aria-label="Commands" hidden={!open}>
      {shown.map((c, i) => (
        <li
          key={c.name}
          id={optionId(i)}
          role="option"
          aria-selected={i === current}
          class={i === current ? 'active' : ''}
          onMouseDown={(e) => e.preventDefault()}
          onMouseMove={() => i !== current && setActive(i)}
          onClick={() => pick(c.name)}
        >
          <span class="command-usage">{c.usage}</span>
          <span class="mention-note">{c.description}</span>
        </li>
      ))}
    </ul>
  );

  return { open, attrs, keyDown, track, close, list };
}
