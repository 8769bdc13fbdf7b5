// The baseline: the least a Socket.IO chat server can do, with Flack's engine settings.
// `join` joins a room; `message:send` broadcasts to the room (sender included, as Flack does) and acks.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

interface Send {
  room: string;
  body: string;
}
type Ack = (reply: { ok: true; data: Record<string, never> }) => void;

const server = createServer();
// Flack's engine settings (src/server/realtime/socket-server.ts), websocket only.
const io = new Server(server, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
});

io.on('connection', (socket) => {
  socket.on('join', (room: string, ack?: Ack) => {
    void socket.join(room);
    ack?.({ ok: true, data: {} });
  });
  socket.on('message:send', (message: Send, ack?: Ack) => {
    io.to(message.room).emit('message', message);
    ack?.({ ok: true, data: {} });
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1');
// Exit cleanly so that --cpu-prof can write its profile.
process.on('SIGTERM', () => process.exit(0));
