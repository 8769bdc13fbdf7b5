// Changing a message after it was sent: edit, delete, react. Each ack carries the message as it now is and is
// applied at once; the live batch that follows holds the same copy and changes nothing (highest clock wins).
import { signal } from '@preact/signals';
import type { Message, MessageVersion } from '../../shared/protocol.js';
import { CallError } from '../transport/socket.js';
import { rpc } from './client.js';
import { receiveMessage } from './messages.js';
import { rememberEmoji, reactedWith } from './recentEmoji.js';
import { writable } from './rights.js';
import { me } from './session.js';
import { loadedThread, loadedTimeline, threadsOf } from './timeline.js';
import { closeDialog, showNotice, type Surface } from './ui.js';

/** The message being edited in place (one at a time, in one place), or null. */
export const editing = signal<{ id: number; surface: Surface } | null>(null);
export const isEditing = (m: Message, surface: Surface) => editing.value?.id === m.id && editing.value.surface === surface;

export const canChange = (m: Message) => m.kind === 'user' && m.deletedAt === null && m.authorId === me.value?.id && writable(m.conversationId);

export function startEditing(m: Message, surface: Surface): void {
  if (canChange(m)) editing.value = { id: m.id, surface };
}

export const stopEditing = () => (editing.value = null);

/** ↑ in an empty composer: edit your newest message in this conversation, or reply in this thread. */
export function editLastMessage(conversationId: number, threadId: number | null): boolean {
  const timeline = threadId === null ? loadedTimeline(conversationId) : loadedThread(threadId);
  const last = timeline?.messages.value.findLast(canChange);
  if (!last) return false;
  editing.value = { id: last.id, surface: threadId === null ? 'main' : 'thread' };
  return true;
}

/** Throws with a text to show next to the editor. */
export async function editMessage(m: Message, body: string): Promise<void> {
  if (body !== m.body) {
    try {
      receiveMessage((await rpc('message:edit', { messageId: m.id, body })).message);
    } catch (e) {
      throw new Error(failureText(e));
    }
  }
  if (editing.value?.id === m.id) editing.value = null;
}

/** Throws with a text to show in the confirmation dialog. */
export async function deleteMessage(m: Message): Promise<void> {
  try {
    receiveMessage((await rpc('message:delete', { messageId: m.id })).message);
  } catch (e) {
    throw new Error(failureText(e));
  }
  if (editing.value?.id === m.id) editing.value = null;
  closeDialog();
}

/** Add your reaction, or take it back if you had made it. */
export async function toggleReaction(m: Message, emoji: string): Promise<void> {
  const remove = reactedWith(m, emoji);
  if (!remove) rememberEmoji(emoji);
  try {
    const { message } = await rpc(remove ? 'reaction:remove' : 'reaction:add', { messageId: m.id, emoji });
    receiveMessage(message);
  } catch (e) {
    showNotice(failureText(e));
  }
}

/** Earlier texts of your own edited message, oldest first. */
export async function loadVersions(m: Message): Promise<MessageVersion[]> {
  try {
    return (await rpc('message:versions', { messageId: m.id })).versions;
  } catch (e) {
    throw new Error(failureText(e));
  }
}

function failureText(e: unknown): string {
  switch (e instanceof CallError ? e.code : null) {
    case 'forbidden':
      return 'This message can no longer be changed.';
    case 'not_found':
      return 'This message is no longer here.';
    case 'emoji_invalid':
      return 'That is not an emoji Flack knows.';
    case 'too_many_reactions':
      return 'This message already has 50 different reactions.';
    case 'empty':
      return 'A message cannot be empty. Delete it instead.';
    case 'too_long':
      return 'Too long to save.';
    case 'rate_limited':
      return 'Too fast. Try again in a moment.';
    case 'timeout':
      return 'No answer from the server. Try again.';
    default:
      return e instanceof Error ? e.message : 'Something went wrong.';
  }
}

/** The current copy of a held message or reply, for a dialog about it (reading it subscribes to its changes). */
export function heldMessage(conversationId: number, messageId: number): Message | undefined {
  for (const t of [loadedTimeline(conversationId), ...threadsOf(conversationId)]) {
    const root = t?.root.value;
    const m = root?.id === messageId ? root : t?.messages.value.find((m) => m.id === messageId);
    if (m) return m;
  }
  return undefined;
}

/** From the picker: add yours (choosing one you had already made changes nothing). */
export async function addReaction(m: Message, emoji: string): Promise<void> {
  rememberEmoji(emoji);
  if (!reactedWith(m, emoji)) await toggleReaction(m, emoji);
}
