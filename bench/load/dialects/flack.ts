// Client side of Flack, per src/shared/protocol.ts: sign up over HTTP, connect with the token, create
// or join channels, send with a clientId. Everything goes through the real validation and storage.
import type { Ack, AuthReply, ConversationView } from '../../../src/shared/protocol.js';
import { mapLimit, type LoadClient } from '../client.js';
import { WireSocket } from '../wire-client.js';
import { errorOf } from './bare-socketio.js';

const PASSWORD = 'bench-password-1';

export async function signUp(port: number, username: string): Promise<string> {
  const origin = `http://127.0.0.1:${port}`;
  const response = await fetch(`${origin}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`signup ${username}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as AuthReply).token;
}

export function connectFlack(port: number, token: string): Promise<WireSocket> {
  return WireSocket.connect(port, { token });
}

function unwrap<T>(reply: Ack<T>, what: string): T {
  if (!reply.ok) throw new Error(`${what}: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

/** The first socket of each room creates a public channel for it; the others join. */
export async function joinRooms(sockets: WireSocket[], roomOf: number[], tag: string): Promise<LoadClient[]> {
  const conversationOf = new Map<number, number>();
  const creators = new Map<number, WireSocket>();
  sockets.forEach((socket, i) => {
    const room = roomOf[i] ?? 0;
    if (!creators.has(room)) creators.set(room, socket);
  });
  await mapLimit([...creators], 16, async ([room, socket]) => {
    const reply = await socket.request<Ack<{ conversation: ConversationView }>>('channel:create', {
      name: `bench-${tag}-${room}`,
      visibility: 'public',
    });
    conversationOf.set(room, unwrap(reply, 'channel:create').conversation.id);
  });
  return mapLimit(sockets, 64, async (socket, i) => {
    const room = roomOf[i] ?? 0;
    const conversationId = conversationOf.get(room) ?? 0;
    if (creators.get(room) !== socket) {
      unwrap(await socket.request<Ack<unknown>>('channel:join', { conversationId }), 'channel:join');
    }
    return flackClient(socket, room, conversationId);
  });
}

export function flackClient(socket: WireSocket, room: number, conversationId: number): LoadClient {
  let lastOwn: number | null = null;
  let anchor: Promise<number> | null = null;
  let reacted = false;
  const send = (id: number, body: string, done: (error: string | null) => void) =>
    socket.emit('message:send', { conversationId, clientId: `b${id}`, body }, (reply) => {
      const ack = reply as Ack<{ message: { id: number } }>;
      if (ack.ok) lastOwn = ack.data.message.id;
      done(errorOf(ack));
    });
  return {
    room,
    roomRef: conversationId,
    send,
    edit: (id, body, done) => {
      if (lastOwn === null) return send(id, body, done);
      socket.emit('message:edit', { messageId: lastOwn, body }, (reply) => done(errorOf(reply as Ack<unknown>)));
    },
    react: (done) => {
      anchor ??= socket
        .request<Ack<{ message: { id: number } }>>('message:send', { conversationId, clientId: `anchor-${conversationId}-${Math.random()}`, body: 'anchor' })
        .then((reply) => unwrap(reply, 'anchor').message.id);
      void anchor.then(
        (messageId) => {
          reacted = !reacted;
          socket.emit(reacted ? 'reaction:add' : 'reaction:remove', { messageId, emoji: '👍' }, (reply) => done(errorOf(reply as Ack<unknown>)));
        },
        () => done('anchor'),
      );
    },
    onFrame: (handler) => (socket.onEvent = handler),
    request: (event, payload) => socket.request(event, payload),
    close: () => socket.close(),
  };
}
