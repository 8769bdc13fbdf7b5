// A link to hand on (an invite, a password reset): "Copy link" puts it on the clipboard; where the browser refuses,
// or `shown` asks for it, the link sits in a read-only field, selected, to copy by hand.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { copyText } from '../lib/clipboard.js';

/** `what`: what the button copies ("Copy link", "Copy token"). */
export function CopyLink({ url, label, shown = false, what = 'link' }: { url: string; label: string; shown?: boolean; what?: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const visible = shown || copied === false;
  useEffect(() => {
    if (copied === false) field.current?.select();
  }, [copied]);
  const id = useId();
  return (
    <div class="invite-link">
      {visible && (
        <>
          <label for={id} class="visually-hidden">
            {label}
          </label>
          <input id={id} ref={field} class="invite-link-text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        </>
      )}
      <button type="button" class="btn small" onClick={() => void copyText(url).then(setCopied)} aria-label={`Copy ${what} (${label})`}>
        Copy {what}
      </button>
      <span class="invite-copied" role="status">
        {copied === true ? 'Copied.' : copied === false ? 'Copy it from the field.' : ''}
      </span>
    </div>
  );
}
