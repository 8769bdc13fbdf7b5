// What the generator needs from a connected client, whatever the server speaks.
import type { FrameHandler } from './wire-client.js';

/** Every server event frame received by this process, counted before any handler (for `settle`); bytes: every frame's. */
export const inbound = { frames: 0, bytes: 0 };

export type TargetKind = 'raw-ws' | 'bare-socketio' | 'flack';

export interface LoadClient {
  readonly room: number;
  /** Posts `body` to this client's room; `done(error code or null)` on acknowledgement (immediately where there are none). */
  send(messageId: number, body: string, done: (error: string | null) => void): void;
  /** Receives every server event frame, raw. */
  onFrame(handler: FrameHandler): void;
  /** Flack only: replaces the text of this client's last acknowledged message with `body` (a send if none yet). */
  edit?(messageId: number, body: string, done: (error: string | null) => void): void;
  /** Flack only: adds or removes a reaction on this client's unstamped anchor message (posted on first use). */
  react?(done: (error: string | null) => void): void;
  /** Request/acknowledgement round trip (Socket.IO targets only). */
  request<T>(event: string, payload: unknown): Promise<T>;
  /** The room's id on the server (Flack: the conversation id). */
  readonly roomRef: string | number;
  close(): void;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
