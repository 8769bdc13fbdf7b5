// Typed Socket.IO wrapper: every client→server event is a request with an Ack, turned into a Promise here.
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ErrorCode, type ServerToClientEvents } from '../../shared/protocol.js';

export type FlackSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Events = ClientToServerEvents;
export type PayloadOf<E extends keyof Events> = Parameters<Events[E]>[0];
export type DataOf<E extends keyof Events> =
  NonNullable<Parameters<Events[E]>[1]> extends (reply: Ack<infer T>) => void ? T : never;

export class CallError extends Error {
  constructor(
    readonly code: ErrorCode | 'timeout',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

export function createSocket(): FlackSocket {
  // Same origin: the session cookie authenticates the handshake; the server refuses another protocol version.
  return io({
    transports: ['websocket', 'polling'],
    autoConnect: false,
    // Jittered backoff (0.5–1.5 s at first, up to 4 s): after a node restarts, its clients come back spread out
    // instead of all in the same millisecond.
    reconnectionDelay: 1000,
    randomizationFactor: 0.5,
    reconnectionDelayMax: 4000,
    auth: { protocolVersion: PROTOCOL_VERSION },
  });
}

type LooseEmit = (event: string, payload: unknown, cb: (err: Error | null, reply?: Ack<unknown>) => void) => void;

export function call<E extends keyof Events>(
  socket: FlackSocket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = 10_000,
): Promise<DataOf<E>> {
  return new Promise((resolve, reject) => {
    const timed = socket.timeout(timeoutMs) as unknown as { emit: LooseEmit };
    timed.emit(event, payload, (err, reply) => {
      if (err || !reply) return reject(new CallError('timeout', 'The server did not answer in time.'));
      if (reply.ok) return resolve(reply.data as DataOf<E>);
      reject(new CallError(reply.error.code, reply.error.message, reply.error.retryAfterMs));
    });
  });
}

/** Fire-and-forget events (typing, read, thread:read, focus): no ack is requested. */
export function notify<E extends 'typing' | 'read' | 'thread:read' | 'focus'>(socket: FlackSocket, event: E, payload: PayloadOf<E>): void {
  (socket.emit as unknown as (e: string, p: unknown) => void)(event, payload);
}
