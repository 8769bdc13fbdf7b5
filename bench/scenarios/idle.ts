// Scenario 3: N idle, signed-in connections. Server memory per connection (VmRSS before/after) and the
// time for all of them to connect (at most `concurrency` handshakes in flight).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Profile } from '../config.js';
import { rssBytes } from '../targets/launch.js';
import type { Session } from './session.js';

export interface IdleResult {
  connections: number;
  failed: number;
  concurrency: number;
  connectMs: number;
  /** Until no event frame arrived for `quietMs`: the tail of whatever connecting set off. */
  settleMs: number;
  framesReceived: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPerConnectionKb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

export async function idleConnections(session: Session, profile: Profile): Promise<IdleResult> {
  const { connections, concurrency, quietMs } = profile.idle;
  await sleep(quietMs);
  const before = rssBytes(session.server.pid);
  const connected = await session.generator.run({
    type: 'connect',
    rooms: new Array<number>(connections).fill(-1),
    concurrency,
    tokens: session.tokens,
    tolerateFailures: true,
  });
  const settled = await session.generator.run({ type: 'settle', quietMs, maxMs: 600_000 });
  await sleep(quietMs);
  const after = rssBytes(session.server.pid);
  return {
    connections: connected.connected,
    failed: connected.failed,
    concurrency,
    connectMs: connected.connectMs,
    settleMs: Math.round(settled.ms),
    framesReceived: settled.frames,
    rssBeforeMb: mb(before),
    rssAfterMb: mb(after),
    rssPerConnectionKb: Math.round((after - before) / Math.max(1, connected.connected) / 102.4) / 10,
  };
}
