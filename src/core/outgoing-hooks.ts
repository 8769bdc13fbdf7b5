// Outgoing webhooks, as admins run them (docs/OUTGOING-WEBHOOKS.md): create, change, rotate the secret, delete,
// and read the delivery log. Admins only, through `administer`, so refusals are audited; every change writes its
// audit entry in its own transaction. A hook's secret is shown once, on create and on rotate.
import { BUILT_IN_COMMAND_NAMES, COMMAND_NAME, OUTGOING_LIMITS, type OutgoingDelivery, type OutgoingHook, type OutgoingTrigger } from '../shared/outgoing.js';
import type { OutgoingHookChange, OutgoingHookRecord } from '../storage/outgoing-store.js';
import { accessConversation } from './access.js';
import { administer } from './admin.js';
import { FlackError } from './errors.js';
import type { CoreDeps } from './ports.js';
import { newHookSecret } from './tokens.js';

export interface HookInput {
  name: string;
  url: string;
  channelId: number | null;
  trigger: OutgoingTrigger;
  words?: string[];
  posterUserId: number;
}

const shown = ({ secret: _secret, ...hook }: OutgoingHookRecord): OutgoingHook => hook;

export function listOutgoing(deps: CoreDeps, actorId: number): Promise<OutgoingHook[]> {
  return administer(deps, actorId, 'admin:outgoing', async () => (await deps.storage.listOutgoingHooks()).map(shown));
}

export function createOutgoing(deps: CoreDeps, actorId: number, input: HookInput): Promise<{ hook: OutgoingHook; secret: string }> {
  return administer(deps, actorId, 'admin:outgoing:create', async (actor) => {
    const checked = await checkHook(deps, actor.id, input, null);
    if ((await deps.storage.listOutgoingHooks()).length >= OUTGOING_LIMITS.hooksMax) {
      throw new FlackError('invalid', `At most ${OUTGOING_LIMITS.hooksMax} outgoing webhooks`);
    }
    const secret = newHookSecret();
    const hook = await deps.storage.createOutgoingHook(
      { ...checked, secret, createdBy: actor.id, createdAt: deps.now() },
      { at: deps.now(), actorId, action: 'outgoing.create', detail: { name: checked.name, url: checked.url } },
    );
    return { hook: shown(hook), secret };
  });
}

export function updateOutgoing(
  deps: CoreDeps,
  actorId: number,
  input: { hookId: number; enabled?: boolean } & Partial<HookInput>,
): Promise<OutgoingHook> {
  return administer(deps, actorId, 'admin:outgoing:update', async (actor) => {
    const current = await hookOf(deps, input.hookId);
    const { hookId, enabled, ...fields } = input;
    const checked = await checkHook(deps, actor.id, { ...current, ...stripUndefined(fields) }, hookId);
    const change: OutgoingHookChange = { ...checked, ...(enabled !== undefined && { enabled }) };
    // The audit entry names what changed, with its new value (words as one string: details are flat).
    const detail: Record<string, string | number | boolean | null> = {};
    for (const [key, value] of Object.entries(change) as [keyof OutgoingHook, OutgoingHook[keyof OutgoingHook]][]) {
      if (JSON.stringify(value) !== JSON.stringify(current[key])) detail[key] = Array.isArray(value) ? value.join(' ') : value;
    }
    const hook = await deps.storage.updateOutgoingHook(hookId, change, { at: deps.now(), actorId, action: 'outgoing.update', detail });
    if (!hook) throw new FlackError('not_found', 'No such webhook');
    return shown(hook);
  });
}

export function rotateOutgoing(deps: CoreDeps, actorId: number, hookId: number): Promise<{ hook: OutgoingHook; secret: string }> {
  return administer(deps, actorId, 'admin:outgoing:rotate', async () => {
    const secret = newHookSecret();
    const hook = await deps.storage.updateOutgoingHook(hookId, { secret }, { at: deps.now(), actorId, action: 'outgoing.rotate' });
    if (!hook) throw new FlackError('not_found', 'No such webhook');
    return { hook: shown(hook), secret };
  });
}

export function deleteOutgoing(deps: CoreDeps, actorId: number, hookId: number): Promise<void> {
  return administer(deps, actorId, 'admin:outgoing:delete', async () => {
    const hook = await hookOf(deps, hookId);
    if (!(await deps.storage.deleteOutgoingHook(hookId, { at: deps.now(), actorId, action: 'outgoing.delete', detail: { name: hook.name } }))) {
      throw new FlackError('not_found', 'No such webhook');
    }
  });
}

/** The hook's deliveries, newest first, a page at a time (`before`: the previous page's `next`). */
export function outgoingDeliveries(
  deps: CoreDeps,
  actorId: number,
  input: { hookId: number; before?: number },
): Promise<{ deliveries: OutgoingDelivery[]; next: number | null }> {
  return administer(deps, actorId, 'admin:outgoing:deliveries', async () => {
    await hookOf(deps, input.hookId);
    return deps.storage.listOutgoingDeliveries(input.hookId, { before: input.before, limit: OUTGOING_LIMITS.deliveriesPage });
  });
}

async function hookOf(deps: CoreDeps, hookId: number): Promise<OutgoingHookRecord> {
  const hook = await deps.storage.getOutgoingHook(hookId);
  if (!hook) throw new FlackError('not_found', 'No such webhook');
  return hook;
}

const stripUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Everything about a hook that can be wrong: its name, target (the SSRF rule), channel, trigger and poster. */
/** A slash command's one name: free, not a built-in one, the right shape (`hookId`: the hook being changed). */
async function checkCommandName(deps: CoreDeps, words: string[], hookId: number | null): Promise<void> {
  const [name, ...more] = words.map((word) => word.replace(/^\//, '').toLowerCase());
  if (!name || more.length || !COMMAND_NAME.test(name)) {
    throw new FlackError('invalid', 'A slash command has one name: a letter, then up to 31 letters, digits, "_" or "-"');
  }
  if ((BUILT_IN_COMMAND_NAMES as readonly string[]).includes(name)) throw new FlackError('name_taken', `/${name} is a built-in command`);
  const taken = (await deps.storage.listOutgoingHooks()).some((h) => h.trigger === 'command' && h.words[0] === name && h.id !== hookId);
  if (taken) throw new FlackError('name_taken', `There is a /${name} command already`);
  words.splice(0, words.length, name);
}

async function checkHook(deps: CoreDeps, actorId: number, input: HookInput, hookId: number | null): Promise<Required<HookInput>> {
  const name = input.name.trim();
  if (!name || name.length > OUTGOING_LIMITS.nameMax) throw new FlackError('invalid', `A webhook needs a name of at most ${OUTGOING_LIMITS.nameMax} characters`);
  if (!deps.webhookTargets) throw new FlackError('invalid', 'This server cannot send outgoing webhooks');
  const refusal = await deps.webhookTargets.refusal(input.url, deps.settings.webhookAllowPrivate ?? false);
  if (refusal) throw new FlackError('invalid', `That URL cannot be a webhook target: ${refusal}`);
  if (input.channelId !== null) {
    // Only channels the admin can see, as for invites: a hook cannot read a private channel its creator is not in.
    const { conversation } = await accessConversation(deps, actorId, input.channelId, 'see');
    if (conversation.kind === 'dm') throw new FlackError('invalid', 'Webhooks watch channels, not direct messages');
  }
  const words = [...new Set((input.words ?? []).map((word) => word.trim()).filter(Boolean))];
  if (input.trigger === 'words' && words.length === 0) throw new FlackError('invalid', 'A trigger-word webhook needs at least one word');
  if (input.trigger === 'command') await checkCommandName(deps, words, hookId);
  if (words.length > OUTGOING_LIMITS.wordsMax || words.some((word) => word.length > OUTGOING_LIMITS.wordMax || /\s/.test(word))) {
    throw new FlackError('invalid', `At most ${OUTGOING_LIMITS.wordsMax} trigger words, each one word of at most ${OUTGOING_LIMITS.wordMax} characters`);
  }
  const poster = await deps.storage.findUserById(input.posterUserId);
  if (!poster || poster.deactivated) throw new FlackError('invalid', 'The poster must be an active account');
  // Its replies are posted as it: in one channel, it must be able to post there (for every public channel, it
  // replies where it is a member; elsewhere the delivery's log says why not).
  if (input.channelId !== null && !(await deps.storage.getMembership(input.channelId, poster.id))) {
    throw new FlackError('invalid', 'The poster must be a member of the channel');
  }
  return { name, url: input.url, channelId: input.channelId, trigger: input.trigger, words: input.trigger === 'words' || input.trigger === 'command' ? words : [], posterUserId: poster.id };
}
