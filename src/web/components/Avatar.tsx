// A colored initial: the hue comes from the name, so everyone keeps their color on every device.
export function hueOf(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) % 360;
  return h;
}

export function Avatar({ name, size = 'md', online }: { name: string; size?: 'xs' | 'sm' | 'md'; online?: boolean }) {
  const initial = [...name][0]?.toUpperCase() ?? '?';
  return (
    <span class={`avatar avatar-${size}`} style={{ '--hue': String(hueOf(name)) }} aria-hidden="true">
      {initial}
      {online !== undefined && <span class={`presence ${online ? 'on' : 'off'}`} />}
    </span>
  );
}

export function PresenceDot({ online }: { online: boolean }) {
  return <span class={`dot ${online ? 'on' : 'off'}`} aria-hidden="true" />;
}
