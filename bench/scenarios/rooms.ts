// Scenarios 1 and 2 share a topology: `clients` connections in rooms of `roomSize`, warmed up.
import type { Profile } from '../config.js';
import type { ConnectResult } from '../load/commands.js';
import type { Session } from './session.js';

export async function connectRooms(session: Session, profile: Profile): Promise<ConnectResult> {
  const { clients, roomSize, bodyBytes, warmupMs } = profile.throughput;
  const rooms = Array.from({ length: clients }, (_, i) => Math.floor(i / roomSize));
  const connected = await session.generator.run({ type: 'connect', rooms, concurrency: 100, tokens: session.tokens });
  // Let setup side effects (join notices, presence) pass, then warm the JIT of both sides.
  await session.generator.run({ type: 'settle', quietMs: 500, maxMs: 120_000 });
  const messagesPerSec = Math.max(1, 5_000 / roomSize);
  await session.generator.run({ type: 'load', messagesPerSec, durationMs: warmupMs, drainMs: 2_000, bodyBytes });
  await session.generator.run({ type: 'settle', quietMs: 300, maxMs: 10_000 });
  return connected;
}
