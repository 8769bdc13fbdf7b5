// Ctrl/⌘+F: search the messages of your conversations. Typing searches after a short pause; Enter at once. Each
// result shows where and who, with the matched words marked; ↑/↓ and Enter, or a click, open it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchResult } from '../../shared/protocol.js';
import { filesText } from '../lib/files.js';
import { formatFull, formatTime } from '../lib/format.js';
import { snippet } from '../lib/snippet.js';
import { conversations, conversationTitle } from '../state/directory.js';
import { loadMoreResults, openResult, runSearch, search } from '../state/search.js';
import { Dialog } from './Dialog.js';

const PAUSE_MS = 250;

export function SearchDialog() {
  const s = search.value;
  const [q, setQ] = useState(s.query);
  const [active, setActive] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const results = s.results;
  const ask = (value: string, now = false) => {
    clearTimeout(timer.current);
    setActive(0);
    if (now) void runSearch(value);
    else timer.current = setTimeout(() => void runSearch(value), PAUSE_MS);
  };

  return (
    <Dialog title="Search messages">
      <input
        class="switcher-input"
        value={q}
        placeholder='Words, "a phrase", from:@name, in:#channel, before:2026-12-01'
        aria-label="Search messages"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls="search-results"
        aria-activedescendant={results[active] ? `sr-${results[active].message.id}` : undefined}
        autoFocus
        autocomplete="off"
        onInput={(e) => {
          setQ(e.currentTarget.value);
          ask(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const n = results.length || 1;
            setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + n) % n);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (s.status === 'done' && s.query === q.trim() && results[active]) openResult(results[active]);
            else ask(q, true);
          }
        }}
      />
      <p class="search-status" role="status">
        {s.status === 'loading' && 'Searching…'}
        {s.status === 'error' && s.error}
        {s.status === 'done' && (results.length ? '' : `Nothing found for “${s.query}”.`)}
      </p>
      <ul class="search-results" id="search-results" role="listbox" aria-label="Results">
        {results.map((r, i) => (
          <ResultRow key={r.message.id} r={r} active={i === active} onHover={() => setActive(i)} />
        ))}
      </ul>
      {s.next !== null && (
        <button type="button" class="btn search-more" disabled={s.status === 'loading'} onClick={() => void loadMoreResults()}>
          Older results
        </button>
      )}
    </Dialog>
  );
}

function ResultRow({ r, active, onHover }: { r: SearchResult; active: boolean; onHover: () => void }) {
  const c = conversations.value.get(r.conversationId);
  const where = !c ? '' : c.kind === 'dm' ? conversationTitle(c) : `#${c.name}`;
  return (
    <li id={`sr-${r.message.id}`} role="option" aria-selected={active} class={`search-result ${active ? 'active' : ''}`} onClick={() => openResult(r)} onMouseMove={onHover}>
      <div class="search-result-head">
        <span class="search-where">{where}</span>
        {r.message.threadId !== null && <span class="search-reply">reply</span>}
        <strong class="search-author">{r.message.authorName}</strong>
        <time title={formatFull(r.message.createdAt)}>{formatTime(r.message.createdAt)}</time>
      </div>
      <p class="search-snippet">
        {snippet(r.message.body, r.highlights).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text))}
      </p>
      {r.message.files && <p class="files-line">{filesText(r.message.files)}</p>}
    </li>
  );
}
