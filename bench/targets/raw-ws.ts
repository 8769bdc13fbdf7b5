// The floor: a raw `ws` server. Connect to `/?room=<name>`; every text frame is sent verbatim to every
// socket in the room, the sender included. No parsing, no acks, no storage.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on('connection', (ws, req) => {
  const room = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? '';
  const members = rooms.get(room) ?? new Set<WebSocket>();
  rooms.set(room, members.add(ws));
  ws.on('message', (data, isBinary) => {
    for (const member of members) member.send(data, { binary: isBinary });
  });
  ws.on('close', () => members.delete(ws));
});

server.listen(Number(process.env.PORT), '127.0.0.1');
// Exit cleanly so that --cpu-prof can write its profile.
process.on('SIGTERM', () => process.exit(0));
