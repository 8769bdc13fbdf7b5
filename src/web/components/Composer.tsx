// Enter sends, Shift+Enter adds a line, ↑ in an empty composer edits your last message, "@" offers names to mention
// (MentionAutocomplete: while its list is open, ↑/↓/Enter/Tab/Esc are the list's). The same composer writes
// replies in the thread panel (`threadId`), through the same outbox. Drafts are kept per conversation and per thread
// while the page is open (state/drafts.ts).
import { useLayoutEffect, useRef } from 'preact/hooks';
import { LIMITS } from '../../shared/protocol.js';
import { formatCount } from '../lib/format.js';
import { conversations } from '../state/directory.js';
import { submitMessage } from '../state/compose.js';
import { draftFor, draftKey as keyOf, setDraft } from '../state/drafts.js';
import { editLastMessage } from '../state/messageActions.js';
import { imTyping } from '../state/typing.js';
import { Icon } from './Icon.js';
import { useMentionAutocomplete } from './MentionAutocomplete.js';

const COUNTER_FROM = LIMITS.messageMax - 500;

interface Props {
  conversationId: number;
  /** Replies to this thread's root; null for the conversation itself. */
  threadId?: number | null;
  placeholder: string;
}

export function Composer({ conversationId, threadId = null, placeholder }: Props) {
  const draftKey = keyOf(conversationId, threadId);
  const surface = threadId === null ? 'main' : 'thread';
  const text = draftFor(draftKey);
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
    // Focus the composer when a conversation or thread opens, except on touch screens where it pops the keyboard.
    if (!matchMedia('(pointer: coarse)').matches) area.current?.focus();
  }, [draftKey]);

  const update = (value: string) => {
    setDraft(draftKey, value);
    // Typing is shown under the conversation: a reply being written elsewhere would only mislead.
    if (value.trim() && threadId === null) imTyping(conversationId);
  };

  const mentions = useMentionAutocomplete({
    conversationId,
    surface,
    area,
    replace: update,
    where: conversations.value.get(conversationId)?.kind === 'dm' ? 'in this conversation' : 'in this channel',
  });

  const send = () => {
    if (!empty && !tooLong) submitMessage(conversationId, threadId, text);
  };

  return (
    <form
      class={`composer ${tooLong ? 'over' : ''}`}
      data-surface={surface}
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
        aria-describedby={length >= COUNTER_FROM ? `composer-count-${surface}` : undefined}
        {...mentions.attrs}
        onInput={(e) => {
          update(e.currentTarget.value);
          mentions.track();
        }}
        onKeyUp={mentions.track}
        onClick={mentions.track}
        onBlur={mentions.close}
        onKeyDown={(e) => {
          if (mentions.keyDown(e)) return;
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === 'ArrowUp' && text === '' && !e.shiftKey && !e.altKey && !e.metaKey && !e.ctrlKey) {
            if (editLastMessage(conversationId, threadId)) e.preventDefault();
          }
        }}
      />
      {mentions.list}
      <div class="composer-side">
        {length >= COUNTER_FROM && (
          <span id={`composer-count-${surface}`} class={`counter ${tooLong ? 'over' : ''}`} aria-live="polite">
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
