// The composer's @mention list (ARIA combobox with a listbox popup): typing "@" and the start of a name at the caret
// opens it above the composer; ↑/↓ choose, Enter or Tab puts "@name " in place of what was typed (and sends
// nothing), Esc closes it and does nothing else, a click picks. A space, or the caret leaving the name, closes it.
// Focus never leaves the textarea: the active row is its aria-activedescendant.
import { useEffect, useState } from 'preact/hooks';
import type { JSX, RefObject } from 'preact';
import { insertMention, mentionAt, suggestionName, type MentionToken, type Suggestion } from '../lib/autocomplete.js';
import { endMentionSuggestions, mentionSuggestions } from '../state/mentionSuggestions.js';
import { Avatar } from './Avatar.js';
import { Icon } from './Icon.js';

interface Options {
  conversationId: number;
  surface: string;
  area: RefObject<HTMLTextAreaElement | null>;
  /** Sets the composer's text (after a pick). */
  replace: (text: string) => void;
  /** "in this channel" or "in this conversation", for people who are not members. */
  where: string;
}

export interface MentionAutocomplete {
  /** Spread on the textarea. */
  attrs: Record<string, string | boolean | undefined>;
  /** Call first in the textarea's keydown; true when the key was the list's (nothing else may act on it). */
  keyDown: (e: KeyboardEvent) => boolean;
  /** Call after input, caret moves and clicks in the textarea. */
  track: () => void;
  close: () => void;
  list: JSX.Element;
}

export function useMentionAutocomplete({ conversationId, surface, area, replace, where }: Options): MentionAutocomplete {
  const [token, setToken] = useState<MentionToken | null>(null);
  const [active, setActive] = useState(0);
  // The start of the token Esc closed: it stays closed until the caret leaves it.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const shown = token && token.start !== dismissed ? mentionSuggestions(conversationId, token.prefix) : [];
  const open = shown.length > 0;
  const current = Math.min(active, shown.length - 1);
  const listId = `mentions-${surface}`;
  const optionId = (i: number) => `${listId}-${i}`;

  useEffect(() => {
    if (!token) endMentionSuggestions();
  }, [token === null]);
  useEffect(() => () => endMentionSuggestions(), []);

  const track = () => {
    const el = area.current;
    const next = el && el.selectionStart === el.selectionEnd ? mentionAt(el.value, el.selectionStart) : null;
    if (!next) setDismissed(null);
    if (next?.start !== token?.start || next?.prefix !== token?.prefix) setActive(0);
    setToken(next);
  };

  const close = () => setToken(null);

  const pick = (s: Suggestion | undefined) => {
    const el = area.current;
    if (!s || !token || !el) return;
    const { text, caret } = insertMention(el.value, token, suggestionName(s));
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
      pick(shown[current]);
    } else if (e.key === 'Escape') {
      // Before the thread panel (which Esc closes) or anything else hears it.
      e.stopPropagation();
      setDismissed(token!.start);
    } else {
      return false;
    }
    e.preventDefault();
    return true;
  };

  // ARIA 1.2's combobox: only a combobox may say whether its popup is expanded (on a plain textbox aria-expanded is
  // invalid). axe's best-practice rule aria-allowed-role notes the role on a textarea (minor); screen readers announce
  // an editable combobox and keep multi-line editing.
  const attrs = {
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': open,
    'aria-controls': listId,
    'aria-activedescendant': open ? optionId(current) : undefined,
  };

  const list = (
    <ul class="mention-list" id={listId} role="listbox" aria-label="Mention" hidden={!open}>
      {shown.map((s, i) => (
        <li
          key={s.kind === 'person' ? `u${s.user.id}` : s.name}
          id={optionId(i)}
          role="option"
          aria-selected={i === current}
          class={i === current ? 'active' : ''}
          // Keep focus (and the caret) in the textarea.
          onMouseDown={(e) => e.preventDefault()}
          onMouseMove={() => i !== current && setActive(i)}
          onClick={() => pick(s)}
        >
          {s.kind === 'person' ? (
            <>
              <Avatar name={s.user.username} size="sm" />
              <span class="mention-name">@{s.user.username}</span>
              {!s.member && <span class="mention-note">not {where}</span>}
            </>
          ) : (
            <>
              <span class="mention-icon">
                <Icon name="users" size={16} />
              </span>
              <span class="mention-name">@{s.name}</span>
              <span class="mention-note">{s.description}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );

  return { attrs, keyDown, track, close, list };
}
