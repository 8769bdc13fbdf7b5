// Whom you block. The server enforces it (no DM started with you, nobody writes in your DM of two); the client only
// needs the list to offer "Unblock" and to replace the composer of a blocked person's DM.
import { signal } from '@preact/signals';
import { rpc } from './client.js';

export const blockedUserIds = signal<ReadonlySet<number>>(new Set());

/** From the snapshot, a `blocks` event (another device) or our own `user:block` reply. */
export const applyBlocks = (ids: readonly number[]) => (blockedUserIds.value = new Set(ids));
export const clearBlocks = () => (blockedUserIds.value = new Set());

export const isBlocked = (userId: number) => blockedUserIds.value.has(userId);

export async function setBlocked(userId: number, blocked: boolean): Promise<void> {
  const { blockedUserIds } = await rpc('user:block', { userId, blocked });
  applyBlocks(blockedUserIds);
}
