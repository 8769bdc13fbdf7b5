// Message retention: every hour, the messages older than their channel's retention (or the workspace's) are deleted
// for good, thread by thread (a thread lives as long as its newest reply), and each run that deleted any is in the
// audit log. Clients that already show them keep them until they load the conversation again.
import type { CoreDeps } from './ports.js';
import { workspace } from './admin.js';

const DAY_MS = 24 * 3600_000;
/** Threads per transaction: a channel with years to delete does not hold the writer for long. */
const BATCH = 500;

export async function applyRetention(deps: CoreDeps): Promise<{ conversations: number; deleted: number }> {
  const { retentionDays } = await workspace(deps);
  const targets = await deps.storage.retentionTargets(retentionDays);
  let conversations = 0;
  let deleted = 0;
  for (const { conversationId, days } of targets) {
    const before = deps.now() - days * DAY_MS;
    let here = 0;
    for (let batch = BATCH; batch === BATCH; here += batch) batch = await deps.storage.deleteExpired(conversationId, before, BATCH);
    if (!here) continue;
    conversations += 1;
    deleted += here;
    await deps.storage.appendAudit({ at: deps.now(), actorId: null, action: 'retention.delete', detail: { conversationId, deleted: here, days } });
  }
  return { conversations, deleted };
}
