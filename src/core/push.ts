// Web Push (docs/PUSH.md): each device's subscription, and who a new message is pushed to. The core decides whom
// and what; server/push/ encrypts and sends, off the send path.
import { BUILT_IN_NOTIFY_DEFAULTS, PUSH_LIMITS, type Message, type PushDevice } from '../shared/protocol.js';
import { notifies, plainText } from '../shared/notify.js';
import type { MessageMentions } from '../storage/storage.js';
import type { PushSubscriptionRecord } from '../storage/push-store.js';
import { FlackError } from './errors.js';
import type { CoreDeps, PushDelivery } from './ports.js';

const device = (s: PushSubscriptionRecord): PushDevice => ({ id: s.id, createdAt: s.createdAt, lastSuccessAt: s.lastSuccessAt, userAgent: s.userAgent });

/** base64url (RFC 4648 §5, unpadded) of exactly `bytes` bytes, or null. */
function base64url(value: string, bytes: number): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const decoded = Buffer.from(value, 'base64url');
  return decoded.length === bytes && decoded.toString('base64url') === value ? decoded : null;
}

export async function subscribePush(
  deps: CoreDeps,
  userId: number,
  input: { endpoint: string; keys: { p256dh: string; auth: string }; tokenHash: string; userAgent: string },
): Promise<PushDevice> {
  let url: URL;
  try {
    url = new URL(input.endpoint);
  } catch {
    throw new FlackError('invalid', 'The endpoint is not a URL');
  }
  const schemes = deps.settings.pushAllowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol) || input.endpoint.length > PUSH_LIMITS.endpointMax) throw new FlackError('invalid', 'The endpoint must be an https URL');
  // Per RFC 8291 §3: an uncompressed P-256 point (65 bytes, 0x04 first) and a 16-byte authentication secret.
  const p256dh = base64url(input.keys.p256dh, 65);
  if (!p256dh || p256dh[0] !== 4 || !base64url(input.keys.auth, 16)) throw new FlackError('invalid', 'The subscription keys are not valid');
  const stored = await deps.storage.addPushSubscription(
    { userId, tokenHash: input.tokenHash, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: input.userAgent, createdAt: deps.now() },
    PUSH_LIMITS.perUser,
  );
  return device(stored);
}

export async function unsubscribePush(deps: CoreDeps, userId: number, which: { endpoint: string } | { id: number }): Promise<void> {
  if (!(await deps.storage.removePushSubscription(userId, which))) throw new FlackError('not_found', 'No such push device');
}

export async function listPushDevices(deps: CoreDeps, userId: number): Promise<PushDevice[]> {
  return (await deps.storage.listPushSubscriptions(userId)).map(device);
}

/**
 * The pushes a new message makes: to the subscriptions of the members it notifies (src/shared/notify.ts) who have
 * no live socket and do not block its author, from membership as it is now.
 */
export async function pushDeliveries(deps: CoreDeps, message: Message, mentions: MessageMentions): Promise<PushDelivery[]> {
  const audience = (await deps.storage.pushAudience(message.conversationId, message.threadId)).filter((r) => r.subscription.userId !== message.authorId);
  if (audience.length === 0) return [];
  const userIds = [...new Set(audience.map((r) => r.subscription.userId))];
  const [online, blocks, conversation] = await Promise.all([
    deps.presence.onlineAmong(userIds),
    deps.storage.blocksAmong([message.authorId, ...userIds]),
    deps.storage.getConversation(message.conversationId),
  ]);
  if (!conversation) return [];
  const blockers = new Set(blocks.filter((b) => b.blockedId === message.authorId).map((b) => b.userId));
  const here = new Set(mentions.here ?? []);
  const kind = conversation.kind === 'dm' ? 'dm' : 'channel';
  const payload = {
    conversationId: message.conversationId,
    messageId: message.id,
    title: conversation.kind === 'dm' ? message.authorName : `${message.authorName} in #${conversation.name}`,
    body: plainText(message.body, PUSH_LIMITS.bodyMax) || (message.files?.length ? `${message.files.length} file(s)` : ''),
    url: `/#/c/${message.conversationId}/m/${message.id}/s/${message.seq}${message.threadId === null ? '' : `/t/${message.threadId}`}`,
  };
  return audience
    .filter(({ subscription: { userId }, notify, muted, defaults, follows }) => {
      if (online.has(userId) || blockers.has(userId)) return false;
      const level = notify ?? defaults[kind] ?? BUILT_IN_NOTIFY_DEFAULTS[kind];
      return notifies(message, { id: userId, level, muted, follows, here: here.has(userId) });
    })
    .map(({ subscription: { id, endpoint, p256dh, auth } }) => ({ subscription: { id, endpoint, p256dh, auth }, payload }));
}
