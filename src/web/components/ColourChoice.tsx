// A bot's avatar colour: one of a few swatches, as radio buttons (arrow keys move between them).
import { BOT_COLOURS } from '../../shared/integrations.js';

export function ColourChoice({ name, value, onChange }: { name: string; value: string; onChange(colour: string): void }) {
  return (
    <fieldset class="colour-choice">
      <legend>Colour</legend>
      {BOT_COLOURS.map((colour, i) => (
        <label key={colour} class={`swatch ${colour === value ? 'checked' : ''}`} style={{ '--swatch': colour }}>
          <input type="radio" name={name} value={colour} checked={colour === value} onChange={() => onChange(colour)} />
          <span class="visually-hidden">Colour {i + 1}</span>
        </label>
      ))}
    </fieldset>
  );
}
