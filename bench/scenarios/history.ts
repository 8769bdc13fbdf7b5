// Scenario 4 (Flack only): `history` round trips in a channel with many messages, one request at a time:
// the newest page, and a page from the middle of the channel.
import type { Profile } from '../config.js';
import type { HistoryResult } from '../load/commands.js';
import type { Session } from './session.js';

export interface HistoryScenario {
  rows: number;
  newest: HistoryResult;
  older: HistoryResult & { before: number };
}

export async function historyPages(
  session: Session,
  profile: Profile,
  channel: { conversationId: number; lastSeq: number },
): Promise<HistoryScenario> {
  const { rows, calls } = profile.history;
  const { generator } = session;
  await generator.run({ type: 'connect', rooms: [-1], concurrency: 1, tokens: session.tokens });
  await generator.run({ type: 'settle', quietMs: 300, maxMs: 10_000 });
  const before = Math.floor(channel.lastSeq / 2);
  await generator.run({ type: 'history', conversationId: channel.conversationId, before: null, calls: 50 }); // warm-up
  const newest = await generator.run({ type: 'history', conversationId: channel.conversationId, before: null, calls });
  const older = await generator.run({ type: 'history', conversationId: channel.conversationId, before, calls });
  return { rows, newest, older: { ...older, before } };
}
