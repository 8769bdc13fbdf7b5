// The workspace's settings as the snapshot gave them, kept current by the `workspace` event: its name in the
// sidebar, and the version an admin's change must name (admin:settings).
import { signal } from '@preact/signals';
import type { SignUpMode, Workspace } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { maxUploadBytes } from './uploads.js';

export const workspace = signal<Workspace | null>(null);

/** A copy older than the one held (a snapshot racing an event) is ignored. */
export function applyWorkspace(w: Workspace): void {
  if (workspace.value && w.version < workspace.value.version) return;
  workspace.value = w;
  maxUploadBytes.value = Math.round(w.uploadLimitMb * 1024 * 1024); // an admin's change applies to the next upload
}

export const clearWorkspace = () => (workspace.value = null);

/**
 * An admin's change, against the version they read: `conflict` when someone else changed the settings since (the
 * `workspace` event brings theirs). Only what changed is sent.
 */
export async function saveSettings(
  version: number,
  change: { name?: string; icon?: string; signUpMode?: SignUpMode; retentionDays?: number | null; uploadLimitMb?: number | null },
): Promise<void> {
  applyWorkspace((await rpc('admin:settings', { version, ...change })).workspace);
}
