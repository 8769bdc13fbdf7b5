// A "⋯" menu button (WAI-ARIA menu button pattern) on the native popover: the browser puts the menu in the top
// layer (no clipping by the scrolling sidebar), closes it on Esc or a click outside, and gives focus back to the
// button. Here: placement beside the button, and ↑/↓/Home/End between the items.
import { useId, useRef } from 'preact/hooks';
import { Icon } from './Icon.js';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export function Menu({ label, items, class: cls = '' }: { label: string; items: readonly MenuItem[]; class?: string }) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  if (!items.length) return null;

  const entries = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const place = () => {
    const b = button.current?.getBoundingClientRect();
    const m = menu.current;
    if (!b || !m) return;
    const below = b.bottom + 4;
    const top = below + m.offsetHeight > innerHeight - 8 ? b.top - 4 - m.offsetHeight : below;
    m.style.top = `${Math.max(8, top)}px`;
    m.style.left = `${Math.max(8, Math.min(b.right - m.offsetWidth, innerWidth - m.offsetWidth - 8))}px`;
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        class={`icon-button small menu-trigger ${cls}`}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        popovertarget={id}
      >
        <Icon name="more" size={16} />
      </button>
      <div
        ref={menu}
        id={id}
        popover="auto"
        role="menu"
        aria-label={label}
        class="menu"
        onToggle={(e) => {
          const open = (e as ToggleEvent).newState === 'open';
          button.current?.setAttribute('aria-expanded', String(open));
          if (!open) return;
          place();
          entries()[0]?.focus();
        }}
        onKeyDown={(e) => {
          const all = entries();
          const i = all.indexOf(document.activeElement as HTMLElement);
          const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: all.length - 1 }[e.key];
          if (to === undefined) return;
          e.preventDefault();
          all[(to + all.length) % all.length]?.focus();
        }}
      >
        {items.map((item) => (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            tabIndex={-1}
            class={`menu-item ${item.danger ? 'danger' : ''}`}
            onClick={() => {
              // Closed first, so focus is back on the button before a dialog opened by the item records its opener.
              menu.current?.hidePopover();
              item.onSelect();
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
    </>
  );
}
