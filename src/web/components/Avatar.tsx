// A colored initial: the hue comes from the name, so everyone keeps their color on every device. The initial is drawn
// by CSS (data-initial), not written in the DOM: it is decoration, and as text it would become part of the visible
// label of a button it sits in ("M maya"), which then no longer matches the button's accessible name (WCAG 2.5.3).
export function hueOf(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) % 360;
  return h;
}

/** `colour`: a bot's own (src/shared/integrations.ts), instead of the name's hue. */
export function Avatar({ name, size = 'md', online, colour }: { name: string; size?: 'xs' | 'sm' | 'md'; online?: boolean; colour?: string }) {
  const initial = [...name][0]?.toUpperCase() ?? '?';
  const style = colour ? { '--bot-colour': colour } : { '--hue': String(hueOf(name)) };
  return (
    <span class={`avatar avatar-${size} ${colour ? 'avatar-bot' : ''}`} style={style} data-initial={initial} aria-hidden="true">
      {online !== undefined && <span class={`presence ${online ? 'on' : 'off'}`} />}
    </span>
  );
}

export function PresenceDot({ online }: { online: boolean }) {
  return <span class={`dot ${online ? 'on' : 'off'}`} aria-hidden="true" />;
}
