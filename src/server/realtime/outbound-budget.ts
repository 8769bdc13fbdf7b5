// What the server holds for one socket it cannot write to. A client that stops reading (a paused or hostile
// TCP peer) would otherwise make the server keep every reply and broadcast for it until the ping timeout —
// replies thousands of times larger than the requests that asked for them. Past its budget the socket is closed
// (and logged) and its buffers are freed; a client that was only slow reconnects and catches up with `sync`.
import type { FlackServer } from './fanout.js';

/** Bytes buffered for one socket before it is closed: a few maximal replies (core/reply-size.ts), no more. */
export const OUTBOUND_BUDGET_BYTES = 4 * 1024 * 1024;
const SWEEP_MS = 1000;

interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/**
 * Bytes waiting to go out on a socket: Engine.IO's packet queue (filled while the transport is not writable:
 * a WebSocket whose last frames the peer has not taken, or a polling client that has not polled) plus what the
 * `ws` library and the TCP socket hold.
 */
export function bufferedBytes(connection: unknown): number {
  const conn = connection as EngineConnection;
  let bytes = 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
  }
  return bytes + (conn.transport?.socket?.bufferedAmount ?? 0);
}

export class OutboundBudget {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: FlackServer,
    private readonly onClosed: (userId: number, bytes: number) => void = () => {},
    private readonly budget = OUTBOUND_BUDGET_BYTES,
  ) {
    // Broadcasts pile up for a paused reader without it asking for anything: sweep for those.
    this.timer = setInterval(() => this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  /** Closes the socket if it holds more than its budget; true if it did. Called after every reply, and by the sweep. */
  enforce(socket: { conn: unknown; data: { user?: { id: number } }; disconnect(close: boolean): unknown }): boolean {
    const bytes = bufferedBytes(socket.conn);
    if (bytes <= this.budget) return false;
    socket.disconnect(true);
    this.onClosed(socket.data.user?.id ?? 0, bytes);
    return true;
  }

  sweep(): void {
    for (const socket of this.io.of('/').sockets.values()) this.enforce(socket);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
