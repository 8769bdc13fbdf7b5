// Sending what the composer holds. In a big channel, @channel and @here notify many people: the author confirms
// first (as in Slack), and the dialog sends the same text.
import type { FileInfo } from '../../shared/files.js';
import { renderMarkup } from '../../shared/markup/render.js';
import { mentionNames } from '../../shared/markup/walk.js';
import { conversations } from './directory.js';
import { draftKey, setDraft } from './drafts.js';
import { sendMessage } from './messages.js';
import { resetTypingThrottle } from './typing.js';
import { jumpIn, openDialog } from './ui.js';
import { takeSent } from './uploads.js';

/** Channels with more members than this ask before @channel / @here. */
export const CONFIRM_EVERYONE_OVER = 20;

/** `files`: the composer's finished uploads, sent with the text and taken out of the composer. */
export function submitMessage(conversationId: number, threadId: number | null, body: string, files: readonly FileInfo[], confirmed = false): void {
  const c = conversations.value.get(conversationId);
  if (!confirmed && threadId === null && c && c.kind !== 'dm' && c.memberCount > CONFIRM_EVERYONE_OVER) {
    const names = new Set(mentionNames(renderMarkup(body)));
    const all = names.has('channel') || names.has('everyone');
    if (all || names.has('here')) {
      openDialog({ kind: 'notify-everyone', conversationId, body, files, everyone: all });
      return;
    }
  }
  const key = draftKey(conversationId, threadId);
  sendMessage(conversationId, body, threadId, files);
  setDraft(key, '', true);
  takeSent(key, files);
  resetTypingThrottle();
  jumpIn(threadId === null ? 'main' : 'thread');
}
