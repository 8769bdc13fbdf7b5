// Sending what the composer holds: a slash command runs (state/slashCommands.ts), anything else is posted. In a big
// channel, @channel and @here notify many people: the author confirms first (as in Slack), and the dialog sends the
// same text.
import { signal } from '@preact/signals';
import type { FileInfo } from '../../shared/files.js';
import { renderMarkup } from '../../shared/markup/render.js';
import { mentionNames } from '../../shared/markup/walk.js';
import { errorText } from '../lib/errors.js';
import { parseCommand } from '../lib/slash.js';
import { takeAlsoToChannel } from './alsoToChannel.js';
import { setTopic } from './channelSettings.js';
import { rpc } from './client.js';
import { customSlashCommands } from './customCommands.js';
import { hideConversation, inviteToChannel, leaveChannel } from './conversationActions.js';
import { conversations } from './directory.js';
import { draftFor, draftKey, setDraft } from './drafts.js';
import { sendMessage } from './messages.js';
import { setNotifyPreferences } from './notifyPreferences.js';
import { rightsIn } from './rights.js';
import { availableCommands, runCommand, type CommandContext, type SlashCommand } from './slashCommands.js';
import { resetTypingThrottle } from './typing.js';
import { jumpIn, openDialog, showNotice } from './ui.js';
import { takeSent } from './uploads.js';

/** Why the command in a composer (by draft key) did not run, shown under it until the text changes. */
export const commandErrors = signal<ReadonlyMap<string, string>>(new Map());

export function setCommandError(key: string, text: string | null): void {
  if ((commandErrors.peek().get(key) ?? null) === text) return;
  const next = new Map(commandErrors.peek());
  if (text === null) next.delete(key);
  else next.set(key, text);
  commandErrors.value = next;
}

/** Signed out: the next person here never sees them. */
export const clearCommandErrors = () => (commandErrors.value = new Map());

/** The composer's Send: runs a command line, posts anything else. */
export function submitComposer(conversationId: number, threadId: number | null, text: string, files: readonly FileInfo[]): void {
  if (!parseCommand(text)) return submitMessage(conversationId, threadId, text, files);
  const c = conversations.value.get(conversationId);
  if (!c) return;
  const key = draftKey(conversationId, threadId);
  // An Enter pressed again while the first is on its way must not toggle /mute twice.
  if (running.has(key)) return;
  running.add(key);
  setCommandError(key, null);
  void runCommand(text, commandContext(c.id, threadId, files), customSlashCommands(c.id)).then(
    (result) => {
      running.delete(key);
      if (result?.kind !== 'done') return;
      // Typed over while it ran: what was typed since is kept.
      if (draftFor(key) === text) setDraft(key, '', true);
      if (result.notice) showNotice(result.notice);
    },
    (e: unknown) => {
      running.delete(key);
      setCommandError(key, errorText(e));
    },
  );
}

const running = new Set<string>();

/** The commands the composer's list offers for "/prefix" in this conversation. */
export function commandSuggestions(conversationId: number, prefix: string): SlashCommand[] {
  return conversations.value.has(conversationId) ? availableCommands(prefix, commandContext(conversationId), customSlashCommands(conversationId)) : [];
}

function commandContext(conversationId: number, threadId: number | null = null, files: readonly FileInfo[] = []): CommandContext {
  const c = conversations.value.get(conversationId)!;
  const rights = rightsIn(c);
  return {
    conversation: c,
    rights,
    post: (body) => submitMessage(conversationId, threadId, body, files),
    setTopic: (topic) => setTopic(conversationId, topic),
    invite: (username) => inviteToChannel(conversationId, username),
    leave: async () => {
      if (rights.leaveChannel) await leaveChannel(conversationId);
      // A group DM asks first, as its menu does; a DM of two is hidden, the nearest thing to leaving it.
      else if (rights.leaveDm) openDialog({ kind: 'leave-dm', conversationId });
      else await hideConversation(conversationId);
    },
    setMuted: (muted) => setNotifyPreferences(conversationId, { muted }),
    runCustom: (name, text) => rpc('command:run', { conversationId, ...(threadId !== null && { threadId }), command: name, text }),
  };
}

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
  sendMessage(conversationId, body, threadId, files, threadId !== null && takeAlsoToChannel(key, c));
  setDraft(key, '', true);
  takeSent(key, files);
  resetTypingThrottle();
  jumpIn(threadId === null ? 'main' : 'thread');
}
