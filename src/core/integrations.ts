// Bot accounts and incoming webhooks: admins make them (src/shared/integrations.ts). A bot signs in with its token
// like a person's session and has a guest's rights; a webhook's token posts into its one channel as its name.
import { randomUUID } from 'node:crypto';
import { BOT_COLOURS, BOT_TOKEN_PREFIX, INTEGRATION_LIMITS, type Integration, type IntegrationKind, type IssuedToken } from '../shared/integrations.js';
import type { Conversation } from '../shared/protocol.js';
import { UniqueViolation } from '../storage/storage.js';
import { accessConversation } from './access.js';
import { administer } from './admin.js';
import { channelArchived, joinInvitedChannels } from './channels.js';
import { FlackError } from './errors.js';
import { sendMessage } from './messages.js';
import type { CoreDeps } from './ports.js';
import { checkUsername } from './rules.js';
import { hashToken, newSessionToken } from './tokens.js';

/** A token's last use is written at most this often, like a session's. */
const TOUCH_EVERY_MS = 5 * 60_000;

const newToken = (kind: IntegrationKind) => (kind === 'bot' ? BOT_TOKEN_PREFIX : '') + newSessionToken();

function checkColour(colour: string | undefined, name: string): string {
  if (colour === undefined) return BOT_COLOURS[[...name].reduce((sum, c) => sum + c.codePointAt(0)!, 0) % BOT_COLOURS.length]!;
  if (!(BOT_COLOURS as readonly string[]).includes(colour)) throw new FlackError('invalid', `A bot's colour is one of ${BOT_COLOURS.join(', ')}`);
  return colour;
}

/** A channel an admin may put a bot or webhook in: one they can see (public, or private and theirs), not archived. */
async function channelFor(deps: CoreDeps, actorId: number, channelId: number): Promise<Conversation> {
  const { conversation } = await accessConversation(deps, actorId, channelId, 'see');
  if (conversation.kind === 'dm') throw new FlackError('invalid', 'Bots and webhooks go in channels, not direct messages');
  if (conversation.archived) throw channelArchived();
  return conversation;
}

async function create(
  deps: CoreDeps,
  actorId: number,
  input: { kind: IntegrationKind; username: string; colour?: string; channelIds: number[] },
): Promise<IssuedToken> {
  const username = checkUsername(input.username);
  const colour = checkColour(input.colour, username);
  const channelIds = [...new Set(input.channelIds)];
  for (const id of channelIds) await channelFor(deps, actorId, id);
  const token = newToken(input.kind);
  const now = deps.now();
  let integration: Integration;
  try {
    integration = await deps.storage.createIntegration(
      { kind: input.kind, username, colour, tokenHash: hashToken(token), channelId: input.kind === 'webhook' ? channelIds[0]! : null, createdBy: actorId, createdAt: now },
      { at: now, actorId, action: 'bot.create', detail: input.kind === 'webhook' ? { kind: input.kind, channelId: channelIds[0]! } : { kind: input.kind } },
    );
  } catch (error) {
    if (error instanceof UniqueViolation) throw new FlackError('username_taken', 'That name is taken');
    throw error;
  }
  deps.fanout.send('everyone', 'user', integration.user);
  await joinInvitedChannels(deps, integration.user.id, channelIds);
  return { integration, token };
}

export function listIntegrations(deps: CoreDeps, actorId: number): Promise<{ bots: Integration[]; webhooks: Integration[] }> {
  return administer(deps, actorId, 'admin:integrations', async () => {
    const [bots, webhooks] = await Promise.all([
      deps.storage.listIntegrations('bot', INTEGRATION_LIMITS.listed),
      deps.storage.listIntegrations('webhook', INTEGRATION_LIMITS.listed),
    ]);
    return { bots, webhooks };
  });
}

/** A bot in `channelIds` (more can be added later, like anyone: `channel:invite`). */
export function createBot(deps: CoreDeps, actorId: number, input: { username: string; colour?: string; channelIds?: number[] }): Promise<IssuedToken> {
  return administer(deps, actorId, 'admin:bot:create', () => create(deps, actorId, { kind: 'bot', ...input, channelIds: input.channelIds ?? [] }));
}

/** An incoming webhook posting into `channelId` as `name`. */
export function createWebhook(deps: CoreDeps, actorId: number, input: { name: string; colour?: string; channelId: number }): Promise<IssuedToken> {
  return administer(deps, actorId, 'admin:webhook:create', () =>
    create(deps, actorId, { kind: 'webhook', username: input.name, colour: input.colour, channelIds: [input.channelId] }),
  );
}

/** A new token; the old one stops working at once (a bot's open sockets are closed). */
export function rotateToken(deps: CoreDeps, actorId: number, userId: number): Promise<IssuedToken> {
  return administer(deps, actorId, 'admin:integration:rotate', async () => {
    const current = await deps.storage.findIntegration(userId);
    if (!current) throw new FlackError('not_found', 'No such bot or webhook');
    const token = newToken(current.kind);
    const rotated = await deps.storage.rotateIntegrationToken(userId, hashToken(token), deps.now(), {
      at: deps.now(),
      actorId,
      action: 'bot.rotate',
      detail: { kind: current.kind },
    });
    if (!rotated) throw new FlackError('not_found', 'No such bot or webhook');
    deps.fanout.disconnectSession(rotated.previousTokenHash);
    return { integration: rotated.integration, token };
  });
}

/** The bot a token signs in as (null: no such active bot). */
export async function botOfToken(deps: CoreDeps, tokenHash: string): Promise<Integration | null> {
  const now = deps.now();
  return deps.storage.useIntegrationToken(tokenHash, 'bot', now, now - TOUCH_EVERY_MS);
}

const noSuchWebhook = () => new FlackError('not_found', 'No such webhook');

/** What `POST /hooks/<token>` posts: the webhook's message, through the same path (and rules) as anyone's. */
export async function postThroughWebhook(deps: CoreDeps, token: string, input: { body: string; clientId?: string }) {
  const now = deps.now();
  const hook = await deps.storage.useIntegrationToken(hashToken(token), 'webhook', now, now - TOUCH_EVERY_MS);
  if (!hook || hook.channelId === null) throw noSuchWebhook();
  return sendMessage(deps, hook.user.id, { conversationId: hook.channelId, body: input.body, clientId: input.clientId ?? randomUUID() });
}
