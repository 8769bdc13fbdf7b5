// The search box above a paged list (people, channels): a magnifier, a hidden label, no autocorrect.
import type { Ref } from 'preact';
import { Icon } from './Icon.js';

interface Props {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onInput(value: string): void;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

export function SearchField({ id, label, placeholder, value, onInput, autoFocus, inputRef }: Props) {
  return (
    <div class="field">
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <div class="input-prefix">
        <Icon name="search" size={16} />
        <input
          ref={inputRef}
          id={id}
          value={value}
          onInput={(e) => onInput(e.currentTarget.value)}
          placeholder={placeholder}
          autoFocus={autoFocus}
          autocomplete="off"
          spellcheck={false}
        />
      </div>
    </div>
  );
}

/** Under the search box: why the list failed, or that its first page is on its way. */
export function ListStatus({ error, loaded }: { error: string | null; loaded: boolean }) {
  if (error) {
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    );
  }
  if (!loaded) {
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  }
  return null;
}
