// Editing a message in place: Enter saves, Shift+Enter adds a line, Esc cancels. Focus goes back to the composer
// of the same surface (the conversation's, or the thread panel's).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { LIMITS, type Message } from '../../shared/protocol.js';
import { editMessage, stopEditing } from '../state/messageActions.js';

import type { Surface } from '../state/ui.js';

export function MessageEditor({ m, surface }: { m: Message; surface: Surface }) {
  const backToComposer = () => document.querySelector<HTMLElement>(`.composer[data-surface="${surface}"] textarea`)?.focus();
  const [text, setText] = useState(m.body);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [text]);

  useLayoutEffect(() => {
    const el = area.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const cancel = () => {
    stopEditing();
    backToComposer();
  };

  const save = async () => {
    if (busy) return;
    if (!text.trim()) return setError('A message cannot be empty. Delete it instead.');
    if (text.length > LIMITS.messageMax) return setError(`Too long: at most ${LIMITS.messageMax} characters.`);
    setBusy(true);
    try {
      await editMessage(m, text);
      backToComposer();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <form
      class="msg-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        ref={area}
        rows={1}
        value={text}
        aria-label="Edit message"
        aria-describedby={`edit-hint-${m.id}`}
        aria-invalid={error ? true : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            cancel();
          }
        }}
      />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <p class="msg-editor-foot" id={`edit-hint-${m.id}`}>
        <span class="muted">Enter to save · Shift+Enter for a new line · Esc to cancel</span>
        <span class="msg-editor-buttons">
          <button type="button" class="btn small" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" class="btn small primary" disabled={busy}>
            Save
          </button>
        </span>
      </p>
    </form>
  );
}
