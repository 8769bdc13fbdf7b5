// Enter sends, Shift+Enter adds a line, ↑ in an empty composer edits your last message, "@" offers names to mention
// (MentionAutocomplete: while its list is open, ↑/↓/Enter/Tab/Esc are the list's), "/" at the start offers commands
// (SlashAutocomplete), and a line that starts with one runs it (state/compose.ts); its refusal shows under the text. The same composer writes
// replies in the thread panel (`threadId`), through the same outbox, with "Also send to #channel" under them
// (AlsoToChannel.tsx). Drafts are kept per conversation and per thread while the page is open (state/drafts.ts).
// Files attach by the paperclip, by pasting, or by dropping them on the conversation (FileDrop.tsx); they upload at
// once, and Send waits until they are in, as in Slack (state/uploads.ts).
import { useLayoutEffect, useRef } from 'preact/hooks';
import { LIMITS } from '../../shared/protocol.js';
import { formatCount } from '../lib/format.js';
import { conversations } from '../state/directory.js';
import { commandErrors, setCommandError, submitComposer } from '../state/compose.js';
import { draftFor, draftKey as keyOf, setDraft } from '../state/drafts.js';
import { editLastMessage } from '../state/messageActions.js';
import { imTyping } from '../state/typing.js';
import { attachFiles, uploadsFor } from '../state/uploads.js';
import { AlsoToChannel } from './AlsoToChannel.js';
import { Icon } from './Icon.js';
import { useMentionAutocomplete } from './MentionAutocomplete.js';
import { useSlashAutocomplete } from './SlashAutocomplete.js';
import { UploadList } from './UploadList.js';

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
  const picker = useRef<HTMLInputElement>(null);
  const length = text.length;
  const tooLong = length > LIMITS.messageMax;
  const files = uploadsFor(draftKey);
  const uploading = files.some((u) => u.status === 'uploading');
  const ready = files.flatMap((u) => (u.status === 'done' && u.file ? [u.file] : []));
  const empty = text.trim() === '' && ready.length === 0;

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

  const commandError = commandErrors.value.get(draftKey);

  const update = (value: string) => {
    setDraft(draftKey, value);
    setCommandError(draftKey, null);
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

  const commands = useSlashAutocomplete({ conversationId, surface, area, text, replace: update });
  const track = () => {
    commands.track();
    mentions.track();
  };

  const send = () => {
    if (!empty && !tooLong && !uploading) submitComposer(conversationId, threadId, text, ready);
  };

  return (
    <form
      class={`composer ${tooLong ? 'over' : ''}`}
      data-surface={surface}
      data-key={draftKey}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {files.length > 0 && <UploadList uploads={files} />}
      <button type="button" class="icon-button attach" aria-label="Attach files" title="Attach files" onClick={() => picker.current?.click()}>
        <Icon name="paperclip" size={18} />
      </button>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        onChange={(e) => {
          attachFiles(draftKey, [...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = ''; // the same file can be picked again
          area.current?.focus();
        }}
      />
      <textarea
        ref={area}
        rows={1}
        value={text}
        placeholder={placeholder}
        aria-label={placeholder}
        aria-describedby={
          [length >= COUNTER_FROM && `composer-count-${surface}`, commandError && `composer-error-${surface}`].filter(Boolean).join(' ') || undefined
        }
        aria-invalid={commandError ? true : undefined}
        {...(commands.open ? commands.attrs : mentions.attrs)}
        onInput={(e) => {
          update(e.currentTarget.value);
          track();
        }}
        onKeyUp={track}
        onClick={track}
        onBlur={() => {
          commands.close();
          mentions.close();
        }}
        onPaste={(e) => {
          const data = e.clipboardData;
          const pasted = [...(data?.files ?? [])];
          // Text copied from an office app comes with a picture of itself: the text is what was meant.
          if (!pasted.length || (data!.types.includes('text/plain') && pasted.every((f) => f.type.startsWith('image/')))) return;
          e.preventDefault();
          attachFiles(draftKey, pasted);
        }}
        onKeyDown={(e) => {
          if (commands.keyDown(e) || mentions.keyDown(e)) return;
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === 'ArrowUp' && text === '' && !e.shiftKey && !e.altKey && !e.metaKey && !e.ctrlKey) {
            if (editLastMessage(conversationId, threadId)) e.preventDefault();
          }
        }}
      />
      {mentions.list}
      {commands.list}
      <div class="composer-side">
        {length >= COUNTER_FROM && (
          <span id={`composer-count-${surface}`} class={`counter ${tooLong ? 'over' : ''}`} aria-live="polite">
            {tooLong
              ? `${formatCount(length - LIMITS.messageMax)} over the ${formatCount(LIMITS.messageMax)} limit`
              : `${formatCount(LIMITS.messageMax - length)} left`}
          </span>
        )}
        {uploading && (
          <span id={`composer-wait-${surface}`} class="upload-wait">
            Uploading…
          </span>
        )}
        <button
          type="submit"
          class="send"
          disabled={empty || tooLong || uploading}
          aria-label="Send message"
          aria-describedby={uploading ? `composer-wait-${surface}` : undefined}
          title={uploading ? 'Wait for the files to finish uploading' : 'Send (Enter)'}
        >
          <Icon name="send" size={18} />
        </button>
      </div>
      {commandError && (
        <p id={`composer-error-${surface}`} class="command-error" role="alert">
          {commandError}
        </p>
      )}
      {threadId !== null && <AlsoToChannel c={conversations.value.get(conversationId)} draftKey={draftKey} />}
    </form>
  );
}
