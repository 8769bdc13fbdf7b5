// Enter sends, Shift+Enter adds a line, ↑ in an empty composer edits your last message. Drafts are kept per
// conversation while the page is open.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { LIMITS } from '../../shared/protocol.js';
import { formatCount } from '../lib/format.js';
import { editLastMessage } from '../state/messageActions.js';
import { sendMessage } from '../state/messages.js';
import { imTyping, resetTypingThrottle } from '../state/typing.js';
import { jumpToLatest } from '../state/ui.js';
import { Icon } from './Icon.js';

const drafts = new Map<number, string>();
const COUNTER_FROM = LIMITS.messageMax - 500;

export function Composer({ conversationId, placeholder }: { conversationId: number; placeholder: string }) {
  const [text, setText] = useState(() => drafts.get(conversationId) ?? '');
  const area = useRef<HTMLTextAreaElement>(null);
  const length = text.length;
  const tooLong = length > LIMITS.messageMax;
  const empty = text.trim() === '';

  // Grow with the text up to a cap (CSS max-height), then scroll.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [text]);

  useLayoutEffect(() => {
    // Focus the composer when a conversation opens, except on touch screens where it pops the keyboard.
    if (!matchMedia('(pointer: coarse)').matches) area.current?.focus();
  }, [conversationId]);

  const update = (value: string) => {
    setText(value);
    drafts.set(conversationId, value);
    if (value.trim()) imTyping(conversationId);
  };

  const send = () => {
    if (empty || tooLong) return;
    sendMessage(conversationId, text);
    update('');
    resetTypingThrottle();
    jumpToLatest.value++;
  };

  return (
    <form
      class={`composer ${tooLong ? 'over' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        ref={area}
        rows={1}
        value={text}
        placeholder={placeholder}
        aria-label={placeholder}
        aria-describedby={length >= COUNTER_FROM ? 'composer-count' : undefined}
        onInput={(e) => update(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === 'ArrowUp' && text === '' && !e.shiftKey && !e.altKey && !e.metaKey && !e.ctrlKey) {
            if (editLastMessage(conversationId)) e.preventDefault();
          }
        }}
      />
      <div class="composer-side">
        {length >= COUNTER_FROM && (
          <span id="composer-count" class={`counter ${tooLong ? 'over' : ''}`} aria-live="polite">
            {tooLong
              ? `${formatCount(length - LIMITS.messageMax)} over the ${formatCount(LIMITS.messageMax)} limit`
              : `${formatCount(LIMITS.messageMax - length)} left`}
          </span>
        )}
        <button type="submit" class="send" disabled={empty || tooLong} aria-label="Send message" title="Send (Enter)">
          <Icon name="send" size={18} />
        </button>
      </div>
    </form>
  );
}
