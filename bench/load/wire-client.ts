// A lean Socket.IO client: Engine.IO v4 + Socket.IO v5 packets over a bare `ws` WebSocket, websocket
// transport only, default namespace, text packets only. It exists because socket.io-client decodes every
// packet into objects, which made the single generator core the bottleneck before the servers were
// (see docs/BENCHMARKS.md). Event frames are handed over raw; only acks are JSON-decoded.
// Packet format per https://socket.io/docs/v4/socket-io-protocol/ and /engine-io-protocol/.
import WebSocket from 'ws';
import { inbound } from './client.js';

export type FrameHandler = (frame: Buffer) => void;

const PING = 0x32; // '2'
const MESSAGE = 0x34; // '4'
const CONNECT = 0x30; // '0'
const EVENT = 0x32; // '2'
const ACK = 0x33; // '3'
const CONNECT_ERROR = 0x34; // '4'

export class WireSocket {
  private readonly acks = new Map<number, (reply: unknown) => void>();
  private nextAckId = 0;
  onEvent: FrameHandler = () => {};
  onClose: () => void = () => {};

  private constructor(private readonly ws: WebSocket) {}

  /** `localAddress`: the loopback address to connect from (127.x.y.z), so a test can stand for many client addresses. */
  static connect(port: number, auth: object | null, timeoutMs = 30_000, localAddress?: string): Promise<WireSocket> {
    const origin = `http://127.0.0.1:${port}`;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
      headers: { origin },
      perMessageDeflate: false,
      ...(localAddress && { localAddress }),
    });
    const socket = new WireSocket(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('connect timeout')), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      };
      ws.on('error', fail);
      // ws may report a refused handshake after `fail` settled the attempt (a timeout first): never uncaught.
      ws.on('error', () => {});
      ws.on('close', () => socket.onClose());
      ws.on('message', (data: Buffer) => {
        inbound.bytes += data.length;
        const type = data[0];
        if (type === MESSAGE && data[1] === EVENT) return inbound.frames++, socket.onEvent(data);
        if (type === PING) return ws.send('3');
        if (type === CONNECT) return ws.send(auth ? `40${JSON.stringify(auth)}` : '40');
        if (type !== MESSAGE) return;
        if (data[1] === CONNECT) {
          clearTimeout(timer);
          ws.off('error', fail);
          resolve(socket);
        } else if (data[1] === CONNECT_ERROR) fail(new Error(`connect_error ${data.toString().slice(2)}`));
        else if (data[1] === ACK) socket.settle(data.toString());
      });
    });
  }

  /** Fire and forget, or with an ack callback. */
  emit(event: string, payload: unknown, ack?: (reply: unknown) => void): void {
    const packet = JSON.stringify([event, payload]);
    if (!ack) return this.ws.send(`42${packet}`);
    const id = this.nextAckId++;
    this.acks.set(id, ack);
    this.ws.send(`42${id}${packet}`);
  }

  request<T>(event: string, payload: unknown, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${event}: no ack in ${timeoutMs} ms`)), timeoutMs);
      this.emit(event, payload, (reply) => {
        clearTimeout(timer);
        resolve(reply as T);
      });
    });
  }

  get pendingAcks(): number {
    return this.acks.size;
  }

  close(): void {
    this.ws.terminate();
  }

  private settle(text: string): void {
    const open = text.indexOf('[');
    const id = Number(text.slice(2, open));
    const callback = this.acks.get(id);
    if (!callback) return;
    this.acks.delete(id);
    callback((JSON.parse(text.slice(open)) as unknown[])[0]);
  }
}
