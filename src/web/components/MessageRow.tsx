// One message. Bodies are formatted by the shared renderer (src/shared/markup) and drawn as DOM nodes by <Markup>.
import { useMemo } from 'preact/hooks';
import { renderMarkup } from '../../shared/markup/render.js';
import type { Message } from '../../shared/protocol.js';
import { formatFull, formatTime, isoTime } from '../lib/format.js';
import { mentions } from '../lib/mentions.js';
import { markupOptions } from '../state/markup.js';
import { highlighted } from '../state/jump.js';
import { isEditing } from '../state/messageActions.js';
import type { OutboxItem } from '../state/outbox.js';
import { discardSend, retrySend } from '../state/messages.js';
import { me } from '../state/session.js';
import { personById } from '../state/people.js';
import { openDialog, type Surface } from '../state/ui.js';
import { Attachments } from './Attachments.js';
import { Avatar } from './Avatar.js';
import { AlsoSent, FromThread } from './FromThread.js';
import { Icon } from './Icon.js';
import { Markup } from './Markup.js';
import { MessageActions } from './MessageActions.js';
import { MessageEditor } from './MessageEditor.js';
import { Reactions } from './Reactions.js';
import { RoleBadge } from './RoleBadge.js';
import { ThreadSummary } from './ThreadSummary.js';

export function Body({ text }: { text: string }) {
  const options = markupOptions.value;
  const nodes = useMemo(() => renderMarkup(text, options), [text, options]);
  return <Markup nodes={nodes} myName={me.value?.username ?? null} />;
}

function Stamp({ at }: { at: number }) {
  return (
    <time dateTime={isoTime(at)} title={formatFull(at)}>
      {formatTime(at)}
    </time>
  );
}

/** "(edited)": for your own messages a button that shows the earlier versions. */
function Edited({ m, mine }: { m: Message; mine: boolean }) {
  const when = `Edited ${formatFull(m.editedAt!)}`;
  if (!mine) {
    return (
      <span class="edited" title={when}>
        (edited)
      </span>
    );
  }
  return (
    <button
      type="button"
      class="edited"
      title={`${when}. Show earlier versions`}
      aria-label="Edited: show earlier versions"
      onClick={() => openDialog({ kind: 'versions', conversationId: m.conversationId, messageId: m.id })}
    >
      (edited)
    </button>
  );
}

function Content({ m, mine, surface }: { m: Message; mine: boolean; surface: Surface }) {
  if (m.deletedAt !== null) return <p class="body deleted">This message was deleted.</p>;
  if (isEditing(m, surface)) return <MessageEditor m={m} surface={surface} />;
  // Files alone: no empty line of text above them.
  if (m.body === '' && m.editedAt === null) return null;
  return (
    <div class="body-line">
      <div class="body">
        <Body text={m.body} />
      </div>
      {m.editedAt !== null && <Edited m={m} mine={mine} />}
    </div>
  );
}

/** `surface`: where the row is (a thread's root shows its summary in the conversation, not in its own panel). */
export function MessageRow({ m, grouped, mine, surface }: { m: Message; grouped: boolean; mine: boolean; surface: Surface }) {
  if (m.kind === 'system') {
    return (
      <li class="msg system" data-seq={m.seq} data-id={m.id}>
        <span class="system-text">
          <strong>{m.authorName}</strong> <Body text={m.body} />
        </span>
        <Stamp at={m.createdAt} />
      </li>
    );
  }
  const deleted = m.deletedAt !== null;
  const mentioned = !mine && !deleted && !!me.value && mentions(m.body, me.value.username);
  const editing = isEditing(m, surface);
  const jumped = highlighted.value === m.id;
  const bot = personById(m.authorId)?.bot;
  const classes = ['msg', grouped && 'grouped', mine && 'mine', mentioned && 'mentioned', deleted && 'deleted', editing && 'editing', jumped && 'jumped'];
  // tabIndex -1: a tap on a touch screen focuses the row, which shows its actions (there is no hover there).
  return (
    <li class={classes.filter(Boolean).join(' ')} data-seq={m.seq} data-id={m.id} data-status={mine ? 'sent' : undefined} aria-current={jumped ? 'true' : undefined} tabIndex={-1}>
      <div class="gutter">{grouped ? <Stamp at={m.createdAt} /> : <Avatar name={m.authorName} colour={bot?.colour} />}</div>
      <div class="msg-main">
        {!grouped && (
          <div class="msg-head">
            <span class="author">{m.authorName}</span>
            {bot && <RoleBadge role="guest" bot={bot} />}
            {mine && <span class="you-tag">you</span>}
            <Stamp at={m.createdAt} />
          </div>
        )}
        {surface === 'main' && m.fromThread && !deleted && <FromThread m={m} from={m.fromThread} />}
        <Content m={m} mine={mine} surface={surface} />
        {!deleted && m.files && m.files.length > 0 && <Attachments files={m.files} />}
        {!deleted && m.reactions.length > 0 && <Reactions m={m} />}
        {surface === 'main' && m.thread && !m.fromThread && <ThreadSummary m={{ ...m, thread: m.thread }} />}
        {surface === 'thread' && m.alsoInChannel !== undefined && !deleted && <AlsoSent m={m} />}
        {mine && !deleted && (
          <span class="status sent" title="Sent">
            <Icon name="check" size={14} />
            <span class="visually-hidden">Sent</span>
          </span>
        )}
      </div>
      {!deleted && !editing && <MessageActions m={m} surface={surface} />}
    </li>
  );
}

export function PendingRow({ item, authorName, grouped }: { item: OutboxItem; authorName: string; grouped: boolean }) {
  const failed = item.status === 'failed';
  return (
    <li class={`msg mine pending ${failed ? 'failed' : ''} ${grouped ? 'grouped' : ''}`} data-client-id={item.clientId} data-status={item.status}>
      <div class="gutter">{grouped ? <Stamp at={item.createdAt} /> : <Avatar name={authorName} />}</div>
      <div class="msg-main">
        {!grouped && (
          <div class="msg-head">
            <span class="author">{authorName}</span>
            <span class="you-tag">you</span>
            <Stamp at={item.createdAt} />
          </div>
        )}
        {item.body !== '' && (
          <div class="body">
            <Body text={item.body} />
          </div>
        )}
        {item.files && <Attachments files={item.files} />}
        {failed ? (
          <p class="status-line failed" role="alert">
            <Icon name="alert" size={14} />
            <span>Not sent: {item.error ?? 'failed'}.</span>
            <button type="button" class="link" onClick={() => retrySend(item.clientId)}>
              Retry
            </button>
            <button type="button" class="link" onClick={() => discardSend(item.clientId)}>
              Discard
            </button>
          </p>
        ) : (
          <p class="status-line">
            <Icon name="clock" size={14} />
            <span>Sending…</span>
          </p>
        )}
      </div>
    </li>
  );
}
