// The load generator process (started by load/driver.ts, pinned to its own core). Holds the clients and
// answers the runner's commands one at a time. argv[2]: the Target as JSON.
import { setTimeout as sleep } from 'node:timers/promises';
import { inbound, mapLimit, type LoadClient } from './client.js';
import type { Command, HistoryResult, Reply, SettleResult, SignupResult, Target } from './commands.js';
import { signUp } from './dialects/flack.js';
import { microsHistogram, summarize } from './histogram.js';
import { runStep, type Member } from './load-step.js';
import { openClients } from './open-clients.js';
import { readStamp } from './payload.js';
import { Tracker } from './tracker.js';

const target = JSON.parse(process.argv[2] ?? '{}') as Target;
let members: Member[] = [];
let tokens: string[] = [];
let tracker: Tracker | null = null;
let nextId = 1;

async function handle(command: Command): Promise<unknown> {
  switch (command.type) {
    case 'signup': {
      const started = performance.now();
      const names = Array.from({ length: command.count }, (_, i) => `${command.prefix}${i}`);
      tokens = await mapLimit(names, command.concurrency, (name) => signUp(target.port, name));
      return { ms: performance.now() - started, tokens } satisfies SignupResult;
    }
    case 'connect': {
      const opened = await openClients(target, command, command.tokens ?? tokens);
      members = withPositions(opened.clients);
      for (const member of members) member.client.onFrame((frame) => receive(frame, member));
      return opened.result;
    }
    case 'settle':
      return settle(command.quietMs, command.maxMs);
    case 'load': {
      const inRooms = members.filter((m) => m.room >= 0);
      const roomSizes: number[] = [];
      for (const m of inRooms) roomSizes[m.room] = (roomSizes[m.room] ?? 0) + 1;
      const capacity = Math.round((command.messagesPerSec * command.durationMs) / 1000) + 1;
      tracker = new Tracker(nextId, capacity, roomSizes, target.echoesSender);
      nextId += capacity;
      const perMessage = inRooms.length / roomSizes.length - (target.echoesSender ? 0 : 1);
      const result = await runStep(command, interleave(inRooms), tracker, perMessage);
      tracker = null;
      return result;
    }
    case 'history':
      return history(command.conversationId, command.before, command.calls);
    case 'close':
      for (const member of members) member.client.close();
      setTimeout(() => process.exit(0), 50);
      return null;
  }
}

function receive(frame: Buffer, member: Member): void {
  const stamp = tracker && readStamp(frame);
  if (stamp) tracker!.deliver(stamp, member, performance.now() * 1000);
}

function withPositions(clients: LoadClient[]): Member[] {
  const filled = new Map<number, number>();
  return clients.map((client) => {
    const index = filled.get(client.room) ?? 0;
    filled.set(client.room, index + 1);
    return { client, room: client.room, index };
  });
}

/** Sender order that visits every room before any room twice. */
function interleave(list: Member[]): Member[] {
  return [...list].sort((a, b) => a.index - b.index || a.room - b.room);
}

/** Waits until no frame has arrived for `quietMs` (setup side effects such as join notices are over). */
async function settle(quietMs: number, maxMs: number): Promise<SettleResult> {
  const started = performance.now();
  let seen = -1;
  let quietSince = started;
  while (performance.now() - started < maxMs) {
    if (inbound.frames !== seen) [seen, quietSince] = [inbound.frames, performance.now()];
    else if (performance.now() - quietSince >= quietMs) break;
    await sleep(20);
  }
  return { ms: performance.now() - started, frames: inbound.frames };
}

/** Sequential round trips on one socket, as a client paging back through a channel would. */
async function history(conversationId: number, before: number | null, calls: number): Promise<HistoryResult> {
  const client = members[0]?.client;
  if (!client) throw new Error('no client connected');
  const latency = microsHistogram();
  let errors = 0;
  let messagesPerPage = 0;
  for (let i = 0; i < calls; i++) {
    const payload = before === null ? { conversationId } : { conversationId, before };
    const started = performance.now();
    const reply = await client.request<{ ok: boolean; data?: { messages: unknown[] } }>('history', payload);
    latency.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
    if (!reply.ok) errors++;
    messagesPerPage = reply.data?.messages.length ?? 0;
  }
  return { latency: summarize(latency), messagesPerPage, errors };
}

process.on('message', (message: { id: number; command: Command }) => {
  handle(message.command).then(
    (result) => process.send?.({ id: message.id, ok: true, result } satisfies Reply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) } satisfies Reply),
  );
});
process.on('disconnect', () => process.exit(0));
