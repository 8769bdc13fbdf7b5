// Client side of bench/targets/bare-socketio.ts.
import type { LoadClient } from '../client.js';
import { WireSocket } from '../wire-client.js';

interface Reply {
  ok: boolean;
  error?: { code: string };
}

export async function connectBareSocketIo(port: number, room: number): Promise<LoadClient> {
  const socket = await WireSocket.connect(port, null);
  const name = `r${room}`;
  if (room >= 0) await socket.request('join', name);
  return {
    room,
    roomRef: name,
    send: (_id, body, done) => socket.emit('message:send', { room: name, body }, (reply) => done(errorOf(reply as Reply))),
    onFrame: (handler) => (socket.onEvent = handler),
    request: (event, payload) => socket.request(event, payload),
    close: () => socket.close(),
  };
}

export function errorOf(reply: Reply): string | null {
  return reply.ok ? null : (reply.error?.code ?? 'unknown');
}
