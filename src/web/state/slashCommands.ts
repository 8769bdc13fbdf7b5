// The slash commands: what the composer offers after "/" and what a line starting with one does instead of being
// posted. Each command reaches the world only through `CommandContext` (the conversation, your rights, and the state
// actions it may call), so the table is tested without a server. Commands an admin registers on the server would be
// one more list of the same shape, merged by `availableCommands` (built-ins win a name): the seam is `extra`.
import type { CommandAnswer } from '../../shared/outgoing.js';
import type { ConversationView } from '../../shared/protocol.js';
import { actionBody, parseCommand, shrugBody } from '../lib/slash.js';
import type { Rights } from './rights.js';

export interface CommandContext {
  conversation: ConversationView;
  rights: Rights;
  /** Post a message here (in the thread, from the thread's composer), as if it had been typed. */
  post: (body: string) => void;
  setTopic: (topic: string) => Promise<void>;
  /** Adds the person to the conversation; rejects with the server's refusal. */
  invite: (username: string) => Promise<{ username: string }>;
  /** Leave the channel, or a group DM (after its confirmation), or hide a DM of two. */
  leave: () => Promise<void>;
  setMuted: (muted: boolean) => Promise<void>;
  /** Runs a custom command (state/customCommands.ts) here, in the thread if it is typed in one. */
  runCustom: (name: string, text: string) => Promise<CommandAnswer>;
}

/** What a command did: posted (the composer empties), or a line to tell you (a notice; the composer empties). */
export type CommandResult = { kind: 'posted' } | { kind: 'done'; notice?: string };

export interface SlashCommand {
  /** Lower case, without the "/". */
  name: string;
  /** As the list shows it: "/topic [text]". */
  usage: string;
  description: string;
  /** Why it cannot run in this conversation (the list leaves it out), or null. */
  refusal?: (ctx: CommandContext) => string | null;
  /** Throws `CommandError` (or the server's error) for what you are told under the composer; the text stays. */
  run: (args: string, ctx: CommandContext) => Promise<CommandResult> | CommandResult;
}

/** A refusal to show under the composer, the typed text kept. */
export class CommandError extends Error {}

const where = (c: ConversationView) => (c.kind === 'dm' ? 'this conversation' : `#${c.name}`);

export const BUILT_IN_COMMANDS: readonly SlashCommand[] = [
  {
    name: 'me',
    usage: '/me [action]',
    description: 'Post what you are doing, in italics',
    run(args, ctx) {
      if (!args) throw new CommandError('Say what you are doing: /me waves');
      ctx.post(actionBody(args));
      return { kind: 'posted' };
    },
  },
  {
    name: 'shrug',
    usage: '/shrug [text]',
    description: 'Post ¯\\_(ツ)_/¯ after your text',
    run(args, ctx) {
      ctx.post(shrugBody(args));
      return { kind: 'posted' };
    },
  },
  {
    name: 'topic',
    usage: '/topic [text]',
    description: 'Set the channel topic; alone, show it',
    refusal: ({ conversation: c, rights }) =>
      c.kind === 'dm' ? 'Direct messages have no topic.' : rights.editTopic ? null : `The topic of #${c.name} cannot be changed.`,
    async run(args, ctx) {
      const c = ctx.conversation;
      // Alone it shows the topic rather than clearing it: a stray Enter loses nothing. Clearing is in the details.
      if (!args) return { kind: 'done', notice: c.topic ? `The topic of #${c.name}: ${c.topic}` : `#${c.name} has no topic.` };
      await ctx.setTopic(args);
      return { kind: 'done', notice: `Topic of #${c.name} set to “${args}”.` };
    },
  },
  {
    name: 'invite',
    usage: '/invite @person',
    description: 'Add someone to this channel',
    refusal: ({ conversation: c, rights }) =>
      c.kind === 'dm' ? 'To talk with more people, start a new direct message with them.' : rights.addMembers ? null : 'Guests cannot add people to channels.',
    async run(args, ctx) {
      const names = args.split(/\s+/).filter(Boolean);
      if (names.length !== 1) throw new CommandError('Name one person: /invite @name');
      const { username } = await ctx.invite(names[0]!.replace(/^@/, ''));
      return { kind: 'done', notice: `${username} was added to #${ctx.conversation.name}.` };
    },
  },
  {
    name: 'leave',
    usage: '/leave',
    description: 'Leave this channel; hide a DM',
    refusal: ({ rights }) => (rights.leaveChannel || rights.leaveDm || rights.hide ? null : 'This conversation cannot be left.'),
    async run(_args, ctx) {
      await ctx.leave();
      return { kind: 'done' };
    },
  },
  {
    name: 'mute',
    usage: '/mute',
    description: 'Mute or unmute this conversation',
    async run(_args, ctx) {
      const muted = !ctx.conversation.muted;
      await ctx.setMuted(muted);
      const w = where(ctx.conversation);
      return { kind: 'done', notice: muted ? `Muted ${w}: no notifications, and it stays out of your unread count. /mute again to unmute.` : `Unmuted ${w}.` };
    },
  },
];

/** The commands that can run here whose name starts with `prefix`, by name; `extra` (the server's, later) merged in. */
export function availableCommands(prefix: string, ctx: CommandContext, extra: readonly SlashCommand[] = []): SlashCommand[] {
  const byName = new Map<string, SlashCommand>();
  for (const c of [...extra, ...BUILT_IN_COMMANDS]) byName.set(c.name, c);
  return [...byName.values()]
    .filter((c) => c.name.startsWith(prefix.toLowerCase()) && !c.refusal?.(ctx))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Runs the line when it is a command; null when it is a message to post as typed. Rejects with what to show under
 * the composer: `CommandError`, or the server's refusal.
 */
export async function runCommand(text: string, ctx: CommandContext, extra: readonly SlashCommand[] = []): Promise<CommandResult | null> {
  const line = parseCommand(text);
  if (!line) return null;
  const command = BUILT_IN_COMMANDS.find((c) => c.name === line.name) ?? extra.find((c) => c.name === line.name);
  if (!command) throw new CommandError(`No command /${line.name}`);
  const refusal = command.refusal?.(ctx);
  if (refusal) throw new CommandError(refusal);
  return command.run(line.args, ctx);
}
