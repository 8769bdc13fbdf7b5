// Which new messages fire which outgoing webhook, and the replies they answer with. Queueing reads each enabled
// hook's messages past its cursor and queues the matching ones with the cursor's move, in one store call
// (src/storage/outgoing-store.ts): it runs beside sending, never in it, so no target can slow a send down.
import { OUTGOING_LIMITS, type OutgoingPayload } from '../shared/outgoing.js';
import { deliveryId, type OutgoingCandidate, type OutgoingHookRecord } from '../storage/outgoing-store.js';
import { sendMessage } from './messages.js';
import type { CoreDeps } from './ports.js';

/** Messages looked at per hook and run; more wait for the next run. */
const SCAN_BATCH = 200;

/**
 * Whether the message fires the hook, and with which trigger word. Never for system notices, deleted messages, or
 * the hook's own poster (its replies would fire it again: a loop).
 */
export function firing(hook: Pick<OutgoingHookRecord, 'trigger' | 'words' | 'posterUserId'>, message: OutgoingCandidate): { word?: string } | null {
  if (message.kind !== 'user' || message.deleted || message.authorId === hook.posterUserId) return null;
  if (hook.trigger === 'command') return null; // run from the composer (src/core/commands.ts), never by a message
  if (hook.trigger === 'message') return {};
  if (hook.trigger === 'mention') return message.mentions.includes(hook.posterUserId) ? {} : null;
  const text = message.body.trimStart().toLowerCase();
  const word = hook.words.find((w) => text.startsWith(w.toLowerCase()) && (text.length === w.length || /\s/.test(text[w.length]!)));
  return word === undefined ? null : { word };
}

export function payloadOf(hook: Pick<OutgoingHookRecord, 'id' | 'name'>, message: OutgoingCandidate, word?: string): OutgoingPayload {
  return {
    id: deliveryId(hook.id, message.messageId),
    hook: { id: hook.id, name: hook.name },
    channel: { id: message.conversationId, name: message.channelName },
    message: {
      id: message.messageId,
      seq: message.seq,
      threadId: message.threadId || null,
      text: message.body,
      createdAt: message.createdAt,
      author: { id: message.authorId, username: message.authorName },
    },
    ...(word !== undefined && { trigger: word }),
  };
}

/**
 * Queues what every enabled hook has not looked at yet; safe on several nodes at once (a delivery is queued once).
 * `enabled`: how many hooks are (none: nothing to send either).
 */
export async function queueOutgoing(deps: CoreDeps): Promise<{ enabled: number; queued: number; dropped: number }> {
  const done = { enabled: 0, queued: 0, dropped: 0 };
  for (const hook of await deps.storage.listOutgoingHooks()) {
    if (!hook.enabled || hook.trigger === 'command') continue;
    done.enabled++;
    for (;;) {
      const found = await deps.storage.outgoingCandidates(hook.id, SCAN_BATCH);
      if (!found.length) break;
      const last = new Map<number, number>();
      const deliveries = [];
      for (const message of found) {
        last.set(message.conversationId, message.messageId);
        const fired = firing(hook, message);
        if (!fired) continue;
        deliveries.push({
          messageId: message.messageId,
          conversationId: message.conversationId,
          threadRootId: message.threadId || message.messageId,
          payload: JSON.stringify(payloadOf(hook, message, fired.word)),
        });
      }
      const scanned = [...last].map(([conversationId, messageId]) => ({ conversationId, messageId }));
      const result = await deps.storage.enqueueOutgoing(hook.id, scanned, deliveries, {
        at: deps.now(),
        pendingMax: OUTGOING_LIMITS.pendingMax,
        logKept: OUTGOING_LIMITS.logKept,
      });
      done.queued += result.queued;
      done.dropped += result.dropped;
      if (found.length < SCAN_BATCH) break;
    }
  }
  return done;
}

/**
 * Posts a hook's reply as its poster, through the one send path (rules, mentions, fan-out). Its clientId is the
 * delivery's id, so a delivery sent again after a crash posts its reply once. A reply to a reply stays in its
 * thread; `thread` puts a reply to a top-level message in that message's thread.
 */
export async function postOutgoingReply(
  deps: CoreDeps,
  delivery: { id: string; posterUserId: number; conversationId: number; messageId: number; threadRootId: number },
  reply: { text: string; thread: boolean },
): Promise<void> {
  const inThread = reply.thread || delivery.threadRootId !== delivery.messageId;
  await sendMessage(deps, delivery.posterUserId, {
    conversationId: delivery.conversationId,
    clientId: `hook:${delivery.id}`,
    body: reply.text,
    ...(inThread && { threadId: delivery.threadRootId }),
  });
}
