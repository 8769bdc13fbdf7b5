// Dropping files on a conversation (or a thread) attaches them to its composer. While files are dragged over it, an
// overlay says where they will go. Only drags that carry files count: dragging text or a link changes nothing.
import { useRef, useState } from 'preact/hooks';
import type { TargetedDragEvent } from 'preact';
import { attachFiles } from '../state/uploads.js';
import { Icon } from './Icon.js';

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;

/** `key`: the composer the files go to; null where there is none (nothing can be dropped then). */
export function useFileDrop(key: string | null, where: string) {
  const [over, setOver] = useState(false);
  // dragenter and dragleave fire for every child crossed: count them, the drag has left when the count is back at 0.
  const depth = useRef(0);
  const leave = () => {
    depth.current = 0;
    setOver(false);
  };
  const attrs =
    key === null
      ? {}
      : {
          onDragEnter: (e: TargetedDragEvent<HTMLElement>) => {
            if (!carriesFiles(e)) return;
            e.preventDefault();
            depth.current++;
            setOver(true);
          },
          onDragOver: (e: TargetedDragEvent<HTMLElement>) => {
            if (!carriesFiles(e)) return;
            e.preventDefault(); // allows the drop
            e.dataTransfer!.dropEffect = 'copy';
          },
          onDragLeave: (e: TargetedDragEvent<HTMLElement>) => {
            if (!carriesFiles(e)) return;
            depth.current = Math.max(0, depth.current - 1);
            if (depth.current === 0) setOver(false);
          },
          onDrop: (e: TargetedDragEvent<HTMLElement>) => {
            if (!carriesFiles(e)) return;
            e.preventDefault(); // or the browser opens the file in place of Flack
            leave();
            attachFiles(key, [...(e.dataTransfer?.files ?? [])]);
            document.querySelector<HTMLTextAreaElement>(`.composer[data-key="${key}"] textarea`)?.focus();
          },
        };
  const overlay = over && (
    <div class="drop-overlay" aria-hidden="true">
      <div class="drop-card">
        <Icon name="upload" size={32} />
        <strong>Drop files to share</strong>
        <span>{where}</span>
      </div>
    </div>
  );
  return { attrs, overlay };
}

/** Files dropped anywhere else would make the browser open them in place of Flack. */
export function guardStrayDrops(): () => void {
  const stray = (e: DragEvent) => {
    if (!carriesFiles(e) || e.defaultPrevented) return;
    e.preventDefault();
    e.dataTransfer!.dropEffect = 'none';
  };
  window.addEventListener('dragover', stray);
  window.addEventListener('drop', stray);
  return () => {
    window.removeEventListener('dragover', stray);
    window.removeEventListener('drop', stray);
  };
}
