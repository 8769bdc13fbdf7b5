// How long messages are kept: the default (the workspace's "forever", or a channel's "as the workspace keeps them")
// or a number of days, 1 to 3650. The days are edited as text, so a half-typed number is not thrown away; `readDays`
// says whether it is one.
import { ADMIN_LIMITS } from '../../shared/admin.js';

/** The days typed, or undefined when they are not a whole number in range. */
export function readDays(text: string): number | undefined {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= ADMIN_LIMITS.retentionDaysMax ? n : undefined;
}

export const daysText = (days: number | null | undefined) => (days == null ? null : String(days));

export const DAYS_INVALID = `Keep messages for 1 to ${ADMIN_LIMITS.retentionDaysMax.toLocaleString()} days.`;

interface Props {
  name: string;
  legend: string;
  /** The label of the default (null). */
  fallback: string;
  /** null: the default; else the days, as typed. */
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | null;
  disabled?: boolean;
}

export function RetentionChoice({ name, legend, fallback, value, onChange, error, disabled }: Props) {
  const daysId = `${name}-days`;
  const errorId = `${name}-error`;
  return (
    <fieldset class="choice retention-choice" disabled={disabled}>
      <legend>{legend}</legend>
      <label class={`option ${value === null ? 'checked' : ''}`}>
        <input type="radio" name={name} value="default" checked={value === null} onChange={() => onChange(null)} />
        <span>{fallback}</span>
      </label>
      <div class={`option retention-days ${value !== null ? 'checked' : ''}`}>
        <input type="radio" name={name} value="days" id={`${name}-for`} checked={value !== null} onChange={() => onChange(value ?? '30')} />
        <label for={`${name}-for`}>For</label>
        <input
          id={daysId}
          type="number"
          inputMode="numeric"
          min={1}
          max={ADMIN_LIMITS.retentionDaysMax}
          step={1}
          value={value ?? ''}
          placeholder="30"
          aria-label="Days to keep messages"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? errorId : undefined}
          onInput={(e) => onChange(e.currentTarget.value)}
          onFocus={() => value === null && onChange('30')}
        />
        <span>days</span>
      </div>
      {error && (
        <p class="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
