// The admin console's bots and incoming webhooks: loaded when the tab shows them, changed in place by what is done
// there. Each account that comes back also goes into the directory's cache, so its messages' badges agree.
import { signal } from '@preact/signals';
import type { Integration, IssuedToken } from '../../shared/integrations.js';
import { rpc } from './client.js';
import { upsertUsers } from './directory.js';

/** null: not loaded yet. By name. */
export const bots = signal<Integration[] | null>(null);
export const webhooks = signal<Integration[] | null>(null);

const listOf = (kind: Integration['kind']) => (kind === 'bot' ? bots : webhooks);
const byName = (a: Integration, b: Integration) => a.user.username.localeCompare(b.user.username);

function put(integration: Integration): void {
  const list = listOf(integration.kind);
  list.value = [...(list.value ?? []).filter((i) => i.user.id !== integration.user.id), integration].sort(byName);
  upsertUsers([integration.user]);
}

// Bumped by each change made here: a list asked for before it may be older than what is shown; ask again.
let changes = 0;

export async function loadIntegrations(): Promise<void> {
  const asked = changes;
  const lists = await rpc('admin:integrations', {});
  if (asked !== changes) return loadIntegrations();
  bots.value = lists.bots;
  webhooks.value = lists.webhooks;
}

const issued = (result: IssuedToken) => (changes++, put(result.integration), result);

export const createBot = async (input: { username: string; colour: string; channelIds: number[] }) =>
  issued(await rpc('admin:bot:create', { username: input.username, colour: input.colour, ...(input.channelIds.length && { channelIds: input.channelIds }) }));

export const createWebhook = async (input: { name: string; colour: string; channelId: number }) => issued(await rpc('admin:webhook:create', input));

/** A new token (a new URL for a webhook): the old one stops working at once. */
export const rotateToken = async (userId: number) => issued(await rpc('admin:integration:rotate', { userId }));

/** Deactivating a bot, or revoking a webhook: its token stops working; its messages stay. */
export async function setActive(integration: Integration, active: boolean): Promise<void> {
  const { user } = await rpc('admin:deactivate', { userId: integration.user.id, deactivated: !active });
  changes++;
  put({ ...integration, user });
}

/** The URL a webhook's token makes. */
export const webhookUrl = (token: string) => `${location.origin}/hooks/${token}`;
