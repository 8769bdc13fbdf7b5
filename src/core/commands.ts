// Custom slash commands: an outgoing webhook whose trigger is 'command' (src/shared/outgoing.ts). Running one POSTs
// a signed payload to its URL and waits a few seconds for the answer, which is shown only to the person who ran it,
// or posted in the conversation as the hook's poster (a bot) when the answer asks for that.
import { randomUUID } from 'node:crypto';
import type { CommandAnswer, CommandPayload, CustomCommand } from '../shared/outgoing.js';
import { LIMITS } from '../shared/protocol.js';
import { accessAsMember, actorOf } from './access.js';
import { FlackError } from './errors.js';
import { sendMessage } from './messages.js';
import type { CoreDeps } from './ports.js';

/** The enabled custom commands: the composer offers them where they run. */
export async function listCommands(deps: CoreDeps, userId: number): Promise<CustomCommand[]> {
  await actorOf(deps, userId);
  return (await deps.storage.listOutgoingHooks())
    .filter((hook) => hook.enabled && hook.trigger === 'command' && hook.words[0])
    .map((hook) => ({ name: hook.words[0]!, description: hook.name, channelId: hook.channelId }));
}

const failed = (why: string) => new FlackError('command_failed', why);

/** The answer's text and where it goes: `{ text, response_type?: 'in_channel' | 'ephemeral' }` (Slack's shape). */
function answerOf(body: string): { text: string; inChannel: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // A plain-text answer is shown as it is (Slack takes those too).
    if (body.trim()) return { text: body.trim().slice(0, LIMITS.messageMax), inChannel: false };
    throw failed('The command answered nothing');
  }
  const { text, response_type: type } = (parsed ?? {}) as { text?: unknown; response_type?: unknown };
  if (typeof text !== 'string' || !text.trim()) throw failed('The command answered without a text');
  return { text, inChannel: type === 'in_channel' };
}

export async function runCommand(
  deps: CoreDeps,
  userId: number,
  input: { conversationId: number; threadId?: number; command: string; text: string },
): Promise<CommandAnswer> {
  const name = input.command.replace(/^\//, '').toLowerCase();
  const { conversation } = await accessAsMember(deps, userId, input.conversationId);
  const hook = (await deps.storage.listOutgoingHooks()).find(
    (h) => h.enabled && h.trigger === 'command' && h.words[0] === name && (h.channelId === null || h.channelId === conversation.id),
  );
  if (!hook) throw new FlackError('not_found', `No command /${name} here`);
  if (!deps.commandCalls) throw failed('This server cannot run custom commands');
  const user = await actorOf(deps, userId);
  const payload: CommandPayload = {
    id: `command:${hook.id}:${randomUUID()}`,
    hook: { id: hook.id, name: hook.name },
    command: name,
    text: input.text.trim(),
    channel: { id: conversation.id, name: conversation.name, kind: conversation.kind },
    threadId: input.threadId ?? null,
    user: { id: user.id, username: user.username },
  };
  const outcome = await deps.commandCalls.call({ id: payload.id, url: hook.url, secret: hook.secret, body: JSON.stringify(payload) });
  if (!outcome.ok) throw failed(`/${name} did not answer (${outcome.error})`);
  const answer = answerOf(outcome.body);
  if (!answer.inChannel) return { visibility: 'ephemeral', text: answer.text };
  // Posted as the poster, through the same path (and rules) as any message: it must be in the conversation.
  const posted = await sendMessage(deps, hook.posterUserId, {
    conversationId: conversation.id,
    clientId: payload.id.slice(0, LIMITS.clientIdMax),
    body: answer.text,
    ...(input.threadId !== undefined && { threadId: input.threadId }),
  }).catch((error: unknown) => {
    if (error instanceof FlackError && (error.code === 'not_found' || error.code === 'forbidden')) {
      throw failed(`/${name} answered, but its bot cannot post here: add it to the conversation`);
    }
    throw error;
  });
  return { visibility: 'channel', text: answer.text, messageId: posted.message.id };
}
