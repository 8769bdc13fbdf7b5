// Your signed-in devices (sessions), as the account dialog lists them, and signing one of them out: the server
// closes that device's sockets at once, and its tab goes to the sign-in page.
import type { SessionInfo } from '../../shared/protocol.js';
import { rpc } from './client.js';

/** Most recently used first, this device among them (`current`). */
export async function listDevices(): Promise<SessionInfo[]> {
  return (await rpc('sessions:list', {})).sessions;
}

export async function signOutDevice(id: string): Promise<void> {
  await rpc('sessions:revoke', { id });
}
