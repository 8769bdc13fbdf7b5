// A client that stops reading its socket must not make the server hold everything meant for it. The attacker
// speaks Socket.IO over a raw WebSocket, pauses reading, and asks for replies far larger than its requests
// (history pages of 4,000 control characters per message, each 6 bytes of JSON) — or just sits in a busy
// channel. The server runs as its own process so its memory can be read: it must close the socket once its
// outbound budget is spent, and stay small and responsive.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OUTBOUND_BUDGET_BYTES } from '../../src/server/realtime/outbound-budget.js';
import { startNode, type FlackNode } from '../cluster/nodes.js';
import { eventually } from '../cluster/services.js';
import { call, newClient, signUp, uniqueName } from '../helpers/flack.js';

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** A Socket.IO client that connects, then stops reading: the kernel's buffers fill and the server's would. */
async function pausedReader(url: string, token: string): Promise<{ ws: WebSocket; emit: (event: string, payload: unknown) => void }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const frame = data.toString();
      if (frame.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`);
      else if (frame.startsWith('40')) resolve();
      else if (frame === '2') ws.send('3');
    });
  });
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  let ack = 0;
  return { ws, emit: (event, payload) => ws.send(`42${++ack}${JSON.stringify([event, payload])}`) };
}

async function healthzMs(url: string): Promise<number> {
  const started = performance.now();
  await fetch(`${url}/healthz`);
  return performance.now() - started;
}

describe('a client that stops reading', () => {
  let node: FlackNode;
  let conversationId: number;
  let author: Awaited<ReturnType<typeof newClient>>;

  beforeAll(async () => {
    node = await startNode('slow-reader', {});
    author = await newClient(node);
    const { conversation } = await call(author.socket, 'channel:create', { name: uniqueName('control'), visibility: 'public' });
    conversationId = conversation.id;
    const body = `x${'\u0001'.repeat(3999)}`; // one visible character, or it is "empty"
    for (let i = 0; i < 100; i++) await call(author.socket, 'message:send', { conversationId, clientId: `c${i}`, body });
  }, 60_000);
  afterAll(async () => {
    author?.socket.close();
    await node?.stop();
  });

  it('is closed once it holds its budget of replies, and the server stays small and responsive', async () => {
    const { token } = await signUp(node);
    const before = rssMb(node.pid);
    const attacker = await pausedReader(node.url, token);
    // 120 requests of ~60 bytes ask for ~120 MB of replies.
    for (let i = 0; i < 120; i++) attacker.emit('history', { conversationId });
    await eventually(() => node.output().includes('outbound budget exceeded'), 10_000, 'the paused socket to be closed');
    const latency = await healthzMs(node.url);
    const grown = rssMb(node.pid) - before;
    console.info(`[slow reader] history flood: RSS +${grown.toFixed(0)} MB, /healthz ${latency.toFixed(1)} ms after the close`);
    expect(grown).toBeLessThan(30); // without the budget and the per-socket bound: +262 MB, held until the ping timeout
    attacker.ws.terminate();
  });

  it('is closed when broadcasts pile up for it, without it asking for anything', async () => {
    const { token, user } = await signUp(node);
    const joiner = await newClient(node);
    joiner.socket.close();
    const attacker = await pausedReader(node.url, token);
    const marks = node.output().split('outbound budget exceeded').length;
    // It sits in the busy channel (every new user is in #general; join this one too, before pausing would be
    // simpler, but the join goes out over the same paused socket and is still processed).
    attacker.emit('channel:join', { conversationId });
    await eventually(async () => (await call(author.socket, 'conversation:members', { conversationId })).members.some((m) => m.id === user.id), 5000, 'the attacker to join');
    const body = `y${'\u0002'.repeat(3999)}`;
    const needed = Math.ceil((OUTBOUND_BUDGET_BYTES * 2) / (4000 * 6)) + 50;
    for (let i = 0; i < needed; i++) await call(author.socket, 'message:send', { conversationId, clientId: `flood${i}`, body });
    await eventually(() => node.output().split('outbound budget exceeded').length > marks, 5000, 'the sweep to close the paused socket');
    expect(await healthzMs(node.url)).toBeGreaterThan(0);
    attacker.ws.terminate();
  }, 60_000);
});
