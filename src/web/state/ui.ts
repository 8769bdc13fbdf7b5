// Transient UI state: the open dialog, a passing notice, and the screen-reader announcement.
import { signal } from '@preact/signals';
import type { FileInfo } from '../../shared/files.js';

export type DialogState =
  | { kind: 'create-channel' }
  | { kind: 'browse-channels' }
  | { kind: 'new-dm' }
  | { kind: 'people' }
  | { kind: 'details'; conversationId: number }
  | { kind: 'switcher' }
  | { kind: 'search' }
  | { kind: 'account' }
  // The admin console (owners and admins).
  | { kind: 'admin' }
  // A message's actions: which one is looked up when the dialog renders, so it always shows the current copy.
  | { kind: 'delete-message'; conversationId: number; messageId: number }
  | { kind: 'versions'; conversationId: number; messageId: number }
  | { kind: 'emoji-picker'; conversationId: number; messageId: number }
  // Confirmations of what cannot be taken back.
  | { kind: 'leave-dm'; conversationId: number }
  | { kind: 'block'; userId: number }
  | { kind: 'delete-channel'; conversationId: number }
  | { kind: 'archive-channel'; conversationId: number }
  // @channel / @here in a big channel, before it is sent.
  | { kind: 'notify-everyone'; conversationId: number; body: string; files: readonly FileInfo[]; everyone: boolean }
  // An image of a message, whole.
  | { kind: 'image'; file: FileInfo };

export const dialog = signal<DialogState | null>(null);
export const openDialog = (d: DialogState) => (dialog.value = d);
export const closeDialog = () => (dialog.value = null);

export const notice = signal<{ id: number; text: string } | null>(null);
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
export function showNotice(text: string): void {
  clearTimeout(noticeTimer);
  notice.value = { id: Date.now(), text };
  noticeTimer = setTimeout(() => (notice.value = null), 6000);
}

/** Read by the polite aria-live region; a zero-width toggle makes a repeated text announce again. */
export const announcement = signal('');
export function announce(text: string): void {
  announcement.value = announcement.value.endsWith('\u200b') ? text : `${text}\u200b`;
}

/** Where a message is shown: its conversation's list, or the thread panel (a thread's root is in both). */
export type Surface = 'main' | 'thread';

/** Bumped when the user sends: the list of that surface jumps to the newest message. */
export const jumpToLatest = signal<Readonly<Record<Surface, number>>>({ main: 0, thread: 0 });
export const jumpIn = (surface: Surface) => (jumpToLatest.value = { ...jumpToLatest.value, [surface]: jumpToLatest.value[surface] + 1 });
