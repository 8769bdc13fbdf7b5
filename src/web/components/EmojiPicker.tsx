// Picking a reaction: a search box, the emoji you used lately, then every emoji by group. The emoji list is loaded
// on first open (lib/emoji.ts). Arrow keys move between emoji, Enter in the search box takes the first match.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { GROUPS, loadEmoji, searchEmoji, type EmojiEntry } from '../lib/emoji.js';
import { addReaction, heldMessage } from '../state/messageActions.js';
import { recentEmoji } from '../state/recentEmoji.js';
import { closeDialog } from '../state/ui.js';
import { Dialog } from './Dialog.js';

const MAX_RESULTS = 240;

export function EmojiPicker({ conversationId, messageId }: { conversationId: number; messageId: number }) {
  const m = heldMessage(conversationId, messageId);
  const [all, setAll] = useState<EmojiEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const recent = useMemo(recentEmoji, []);
  const grid = useRef<HTMLDivElement>(null);

  useEffect(() => {
    loadEmoji()
      .then(setAll)
      .catch(() => setError('Could not load the emoji. Check your connection and try again.'));
  }, []);

  const labels = useMemo(() => new Map((all ?? []).map((e) => [e.emoji, e.label])), [all]);
  if (!m || m.deletedAt !== null) return null;

  const pick = (emoji: string) => {
    closeDialog();
    void addReaction(m, emoji);
  };
  const results = all && query.trim() ? searchEmoji(all, query) : null;
  const first = () => grid.current?.querySelector<HTMLElement>('button.emoji')?.focus();

  return (
    <Dialog title="Add reaction">
      <input
        type="search"
        class="emoji-search"
        placeholder="Search emoji"
        aria-label="Search emoji"
        autoFocus
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            // The field's own value: keys typed fast may not have rendered yet.
            const top = all && e.currentTarget.value.trim() ? searchEmoji(all, e.currentTarget.value)[0] : undefined;
            if (top) pick(top.emoji);
          } else if (e.key === 'ArrowDown') {
            e.preventDefault();
            first();
          }
        }}
      />
      <div class="emoji-scroll" ref={grid} onKeyDown={moveFocus}>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {!query.trim() && recent.length > 0 && (
          <Section title="Recently used" entries={recent.map((emoji) => ({ emoji, label: labels.get(emoji) ?? emoji }))} pick={pick} first />
        )}
        {results ? (
          results.length ? (
            <Section title={`Results for “${query.trim()}”`} entries={results.slice(0, MAX_RESULTS)} pick={pick} first />
          ) : (
            <p class="muted emoji-empty">No emoji match “{query.trim()}”.</p>
          )
        ) : all ? (
          GROUPS.map(({ group, name }) => (
            <Section key={group} title={name} entries={all.filter((e) => e.group === group)} pick={pick} first={!recent.length && group === 0} />
          ))
        ) : (
          !error && (
            <p class="muted emoji-empty" role="status">
              Loading emoji…
            </p>
          )
        )}
      </div>
    </Dialog>
  );
}

function Section(props: { title: string; entries: readonly { emoji: string; label: string }[]; pick: (emoji: string) => void; first?: boolean }) {
  return (
    <section class="emoji-section" aria-label={props.title}>
      <h3>{props.title}</h3>
      <div class="emoji-grid">
        {props.entries.map((e, i) => (
          <button
            key={e.emoji}
            type="button"
            class="emoji"
            // One tab stop for the whole grid; the arrow keys do the rest.
            tabIndex={props.first && i === 0 ? 0 : -1}
            aria-label={e.label}
            title={e.label}
            onClick={() => props.pick(e.emoji)}
          >
            {e.emoji}
          </button>
        ))}
      </div>
    </section>
  );
}

/** Arrow keys in the grid: left and right in reading order, up and down to the nearest emoji in the next row. */
function moveFocus(e: KeyboardEvent): void {
  const keys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];
  const current = document.activeElement as HTMLElement | null;
  if (!keys.includes(e.key) || !current?.classList.contains('emoji')) return;
  const buttons = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('button.emoji')];
  const i = buttons.indexOf(current);
  let next: HTMLElement | undefined;
  if (e.key === 'ArrowLeft') next = buttons[i - 1];
  else if (e.key === 'ArrowRight') next = buttons[i + 1];
  else if (e.key === 'Home') next = buttons[0];
  else if (e.key === 'End') next = buttons.at(-1);
  else {
    const down = e.key === 'ArrowDown';
    const { top, left } = current.getBoundingClientRect();
    const row = (down ? buttons.slice(i + 1) : buttons.slice(0, i).reverse()).filter((b) => b.getBoundingClientRect().top !== top);
    const rowTop = row[0]?.getBoundingClientRect().top;
    next = row
      .filter((b) => b.getBoundingClientRect().top === rowTop)
      .sort((a, b) => Math.abs(a.getBoundingClientRect().left - left) - Math.abs(b.getBoundingClientRect().left - left))[0];
    if (!next && !down) document.querySelector<HTMLElement>('dialog[open] .emoji-search')?.focus();
  }
  if (!next && e.key !== 'ArrowUp') return;
  e.preventDefault();
  next?.focus();
}
