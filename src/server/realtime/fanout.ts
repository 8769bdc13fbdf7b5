// Fanout on Socket.IO rooms: `u:<userId>` (all of a user's sockets), `s:<tokenHash>` (one session's sockets),
// `c:<conversationId>` (members). With a Redis adapter the same calls reach sockets on every node.
import type { Server } from 'socket.io';
import type { Audience, EventArgs, Fanout, ServerEvent } from '../../core/ports.js';
import type { ClientToServerEvents, ServerToClientEvents, User } from '../../shared/protocol.js';

export type FlackServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export interface SocketData {
  user: User;
  tokenHash: string;
  /** When its session was last found still valid (src/server/realtime/socket-server.ts). */
  sessionCheckedAt: number;
}

export const userRoom = (userId: number) => `u:${userId}`;
export const sessionRoom = (tokenHash: string) => `s:${tokenHash}`;
export const conversationRoom = (conversationId: number) => `c:${conversationId}`;
/** Every socket whose user may browse public channels (all roles but guests). */
export const BROWSERS_ROOM = 'browsers';

export class SocketFanout implements Fanout {
  constructor(
    private readonly io: FlackServer,
    private readonly onSend?: <E extends ServerEvent>(event: E, ...args: EventArgs<E>) => void,
  ) {}

  send<E extends ServerEvent>(audience: Audience, event: E, ...args: EventArgs<E>): void {
    const target =
      audience === 'everyone'
        ? this.io
        : 'publicChannel' in audience
          ? this.io.to([BROWSERS_ROOM, conversationRoom(audience.publicChannel)]) // a socket in both gets it once
          : 'conversation' in audience
          ? this.io.to(conversationRoom(audience.conversation))
          : this.io.to(audience.users.map(userRoom));
    (target.emit as (event: E, ...args: EventArgs<E>) => boolean)(event, ...args);
    this.onSend?.(event, ...args);
  }

  subscribe(userId: number, conversationId: number): void {
    this.io.in(userRoom(userId)).socketsJoin(conversationRoom(conversationId));
  }

  unsubscribe(userId: number, conversationId: number): void {
    this.io.in(userRoom(userId)).socketsLeave(conversationRoom(conversationId));
  }

  closeRoom(conversationId: number): void {
    this.io.in(conversationRoom(conversationId)).socketsLeave(conversationRoom(conversationId));
  }

  disconnectSession(tokenHash: string): void {
    this.io.in(sessionRoom(tokenHash)).disconnectSockets(true);
  }

  disconnectUser(userId: number): void {
    this.io.in(userRoom(userId)).disconnectSockets(true);
  }
}
