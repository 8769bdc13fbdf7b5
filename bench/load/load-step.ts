// One open-loop step: messages leave on a fixed schedule whether or not earlier ones were answered, each
// stamped with its *scheduled* send time, so a stalled server or generator shows up as latency
// (no coordinated omission). Then wait for stragglers, up to a drain limit.
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadClient } from './client.js';
import type { Command, LoadResult } from './commands.js';
import { microsHistogram, summarize } from './histogram.js';
import { makeBody } from './payload.js';
import type { Receiver, Tracker } from './tracker.js';

export interface Member extends Receiver {
  client: LoadClient;
}

type LoadCommand = Extract<Command, { type: 'load' }>;

export async function runStep(
  command: LoadCommand,
  senders: Member[],
  tracker: Tracker,
  receiversPerMessage: number,
): Promise<LoadResult> {
  const { messagesPerSec, durationMs, drainMs, bodyBytes, mix } = command;
  const total = Math.max(1, Math.round((messagesPerSec * durationMs) / 1000));
  const intervalMs = 1000 / messagesPerSec;
  const lag = microsHistogram();
  const ackErrors: Record<string, number> = {};
  let acked = 0;
  const done = (error: string | null) => {
    if (error === null) acked++;
    else ackErrors[error] = (ackErrors[error] ?? 0) + 1;
  };

  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let sent = 0;
  let edits = 0;
  let reactions = 0;
  // A mixed step: of every `every` slots, one is an edit (tracked: its new text is stamped) and one a reaction
  // (its batch carries the anchor's unstamped text, so nothing is tracked but the ack).
  const kindOf = (slot: number, client: LoadClient) => {
    if (!mix || !client.edit || !client.react) return 'send';
    const r = slot % mix.every;
    return r === mix.every - 2 ? 'edit' : r === mix.every - 1 ? 'react' : 'send';
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / intervalMs) + 1);
      for (; sent < due; sent++) {
        const scheduled = start + sent * intervalMs;
        const sender = senders[sent % senders.length]!;
        const id = tracker.firstId + sent;
        const kind = kindOf(sent, sender.client);
        if (kind === 'react') {
          reactions++;
          tracker.skip(id);
          sender.client.react!(done);
        } else {
          tracker.expect(id, sender.room, sender.index);
          const body = makeBody(id, scheduled * 1000, bodyBytes);
          if (kind === 'edit') {
            edits++;
            sender.client.edit!(id, body, done);
          } else sender.client.send(id, body, done);
        }
        lag.recordValue(Math.max(1, Math.round((now - scheduled) * 1000)));
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
    tick();
  });
  const drainUntil = performance.now() + drainMs;
  while ((!tracker.complete || acked + count(ackErrors) < sent) && performance.now() < drainUntil) await sleep(10);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);

  const report = tracker.report();
  return {
    ...report,
    offeredMessagesPerSec: messagesPerSec,
    offeredDeliveriesPerSec: messagesPerSec * receiversPerMessage,
    achievedDeliveriesPerSec: Math.round((report.delivered * 1000) / wallMs),
    sendLag: summarize(lag),
    acked,
    ackErrors,
    unacked: sent - acked - count(ackErrors),
    ...(mix && { edits, reactions }),
    generatorCpu: {
      percent: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
      userMs: Math.round(cpu.user / 1000),
      systemMs: Math.round(cpu.system / 1000),
      wallMs: Math.round(wallMs),
    },
  };
}

const count = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
