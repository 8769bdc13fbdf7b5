// Opens the clients of one topology, for any target. Connecting is timed apart from joining rooms.
import { inbound, mapLimit, type LoadClient } from './client.js';
import type { Command, ConnectResult, Target } from './commands.js';
import { connectBareSocketIo } from './dialects/bare-socketio.js';
import { connectFlack, flackClient, joinRooms } from './dialects/flack.js';
import { connectRawWs } from './dialects/raw-ws.js';
import type { WireSocket } from './wire-client.js';

type ConnectCommand = Extract<Command, { type: 'connect' }>;

export async function openClients(
  target: Target,
  command: ConnectCommand,
  tokens: string[],
): Promise<{ clients: LoadClient[]; result: ConnectResult }> {
  const { rooms, concurrency, tolerateFailures } = command;
  const framesBefore = inbound.frames;
  const started = performance.now();
  const attempt = <T>(open: () => Promise<T>) => (tolerateFailures ? open().catch(() => null) : open());

  if (target.kind !== 'flack') {
    const connect = target.kind === 'raw-ws' ? connectRawWs : connectBareSocketIo;
    const opened = await mapLimit(rooms, concurrency, (room) => attempt(() => connect(target.port, room)));
    const clients = opened.filter((c): c is LoadClient => c !== null);
    return { clients, result: result(clients, rooms.length, performance.now() - started, 0, framesBefore) };
  }

  if (tokens.length < rooms.length) throw new Error(`need ${rooms.length} signed-up users, have ${tokens.length}`);
  const sockets = await mapLimit(rooms, concurrency, (_room, i) => attempt(() => connectFlack(target.port, tokens[i] ?? '')));
  const connectMs = performance.now() - started;
  const members = rooms.flatMap((room, i) => (sockets[i] ? [{ room, socket: sockets[i] as WireSocket }] : []));
  const inRooms = members.filter((m) => m.room >= 0);
  const tag = Math.random().toString(36).slice(2, 8);
  const joined = await joinRooms(inRooms.map((m) => m.socket), inRooms.map((m) => m.room), tag);
  const byRoom = new Map(joined.map((client, i) => [inRooms[i]!.socket, client]));
  const clients = members.map((m) => byRoom.get(m.socket) ?? flackClient(m.socket, m.room, 0));
  const joinMs = performance.now() - started - connectMs;
  return { clients, result: result(clients, rooms.length, connectMs, joinMs, framesBefore) };
}

function result(clients: LoadClient[], wanted: number, connectMs: number, joinMs: number, framesBefore: number): ConnectResult {
  const roomRefs: (string | number)[] = [];
  for (const client of clients) if (client.room >= 0) roomRefs[client.room] = client.roomRef;
  return {
    connected: clients.length,
    failed: wanted - clients.length,
    connectMs: Math.round(connectMs),
    joinMs: Math.round(joinMs),
    roomRefs,
    framesDuringConnect: inbound.frames - framesBefore,
  };
}
