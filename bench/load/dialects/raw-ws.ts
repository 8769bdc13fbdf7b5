// Client side of bench/targets/raw-ws.ts: the room is in the URL, a message is one text frame.
import WebSocket from 'ws';
import { inbound, type LoadClient } from '../client.js';

export function connectRawWs(port: number, room: number): Promise<LoadClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/?room=${room}`, { perMessageDeflate: false });
  ws.on('message', () => inbound.frames++);
  const client: LoadClient = {
    room,
    roomRef: room,
    send: (_id, body, done) => (ws.send(body), done(null)),
    onFrame: (handler) => ws.on('message', handler),
    request: () => Promise.reject(new Error('raw ws has no requests')),
    close: () => ws.terminate(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => {});
      resolve(client);
    });
    ws.once('error', reject);
  });
}
