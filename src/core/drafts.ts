// Drafts: what a member is writing in a conversation or one of its threads, kept so their other devices have it.
// An empty body clears it (the web app sends one after a send). The author's other sockets are told.
import { LIMITS, type Draft } from '../shared/protocol.js';
import { requireMembership } from './access.js';
import { FlackError } from './errors.js';
import type { CoreDeps } from './ports.js';
import { checkThreadRoot } from './threads.js';

/** Drafts in a snapshot: the newest, as many as a user plausibly has going. */
export const SNAPSHOT_DRAFTS = 100;

export async function saveDraft(deps: CoreDeps, userId: number, input: { conversationId: number; threadId?: number; body: string }): Promise<void> {
  if (input.body.length > LIMITS.messageMax) throw new FlackError('too_long', `Drafts are at most ${LIMITS.messageMax} characters`);
  await requireMembership(deps, userId, input.conversationId);
  if (input.threadId !== undefined) await checkThreadRoot(deps, userId, input.conversationId, input.threadId);
  const draft: Draft = { conversationId: input.conversationId, threadId: input.threadId ?? null, body: input.body, updatedAt: deps.now() };
  await deps.storage.saveDraft({ ...draft, userId });
  deps.fanout.send({ users: [userId] }, 'draft', draft);
}
