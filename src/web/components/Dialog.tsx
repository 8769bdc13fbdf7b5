// Modal built on <dialog>: the browser traps focus, Esc cancels, and focus returns to the opener on close.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { closeDialog } from '../state/ui.js';
import { Icon } from './Icon.js';

export function Dialog(props: { title: string; description?: string; wide?: boolean; class?: string; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const dialog = ref.current;
    dialog?.showModal();
    // Focus goes back once the dialog has left the page: while it is modal, everything outside it is inert. (Closing
    // it by hand first instead left Chromium with a focused textarea that refused typing.)
    return () => void setTimeout(() => opener?.isConnected && opener.focus(), 0);
  }, []);
  const id = `dialog-${props.title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog
      ref={ref}
      class={`dialog ${props.wide ? 'wide' : ''} ${props.class ?? ''}`}
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault();
        closeDialog();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (e.target === ref.current) closeDialog();
      }}
    >
      <div class="dialog-body">
        <header class="dialog-head">
          <h2 id={id}>{props.title}</h2>
          <button type="button" class="icon-button" onClick={closeDialog} aria-label="Close">
            <Icon name="close" size={18} />
          </button>
        </header>
        {props.description && <p class="muted dialog-desc">{props.description}</p>}
        {props.children}
      </div>
    </dialog>
  );
}
