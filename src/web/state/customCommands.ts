// The custom slash commands an admin made (outgoing webhooks with the 'command' trigger): loaded with the session,
// offered by the composer beside the built-in ones where they run. Their answer is shown only to you (a notice), or
// posted by their bot, which the timeline then shows like any message.
import { signal } from '@preact/signals';
import type { CustomCommand } from '../../shared/outgoing.js';
import { rpc } from './client.js';
import type { SlashCommand } from './slashCommands.js';

export const customCommands = signal<readonly CustomCommand[]>([]);

export async function loadCustomCommands(): Promise<void> {
  customCommands.value = (await rpc('commands:list', {})).commands;
}

export const clearCustomCommands = () => (customCommands.value = []);

/** The custom commands that run in this conversation, in the shape the composer's list and runner take. */
export function customSlashCommands(conversationId: number): SlashCommand[] {
  return customCommands.value
    .filter((c) => c.channelId === null || c.channelId === conversationId)
    .map((c) => ({
      name: c.name,
      usage: `/${c.name} [text]`,
      description: c.description,
      async run(args, ctx) {
        const answer = await ctx.runCustom(c.name, args);
        return answer.visibility === 'ephemeral' ? { kind: 'done', notice: answer.text } : { kind: 'done' };
      },
    }));
}
