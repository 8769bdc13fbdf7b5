import { describe, expect, it } from 'vitest';
import type { ConversationView } from '../../shared/protocol.js';
import { CallError } from '../transport/socket.js';
import type { Rights } from './rights.js';
import { customCommands, customSlashCommands } from './customCommands.js';
import { availableCommands, BUILT_IN_COMMANDS, CommandError, runCommand, type CommandContext, type SlashCommand } from './slashCommands.js';

const channel = (over: Partial<ConversationView> = {}): ConversationView =>
  ({ id: 7, kind: 'public', name: 'general', topic: '', createdBy: 1, memberCount: 3, lastSeq: 0, lastReadSeq: 0, isMember: true, ...over }) as ConversationView;

const MEMBER: Rights = {
  removeMembers: false,
  deleteChannel: false,
  addMembers: true,
  leaveChannel: true,
  leaveDm: false,
  hide: false,
  archive: false,
  configure: false,
  editTopic: true,
  post: true,
};
const GUEST: Rights = { ...MEMBER, addMembers: false };
const IN_DM: Rights = { ...MEMBER, addMembers: false, leaveChannel: false, hide: true, editTopic: false };

/** A context that records what the commands asked for; `refuse` makes the server refuse invites and topics. */
function world(conversation = channel(), rights = MEMBER, refuse?: CallError) {
  const calls: string[] = [];
  const ctx: CommandContext = {
    conversation,
    rights,
    post: (body) => void calls.push(`post ${body}`),
    setTopic: async (topic) => {
      if (refuse) throw refuse;
      calls.push(`topic ${topic}`);
    },
    invite: async (username) => {
      if (refuse) throw refuse;
      calls.push(`invite ${username}`);
      return { username };
    },
    leave: async () => void calls.push('leave'),
    setMuted: async (muted) => void calls.push(`muted ${muted}`),
    runCustom: async (name, text) => (calls.push(`custom ${name} ${text}`), { visibility: 'ephemeral' as const, text: `answer to ${text}` }),
  };
  return { ctx, calls, run: (text: string) => runCommand(text, ctx) };
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  return e instanceof Error ? e.message : null;
};

describe('runCommand', () => {
  it('leaves a message alone: null, nothing done', async () => {
    const { run, calls } = world();
    for (const text of ['hello', '//shrug', ' /shrug', '/usr/bin']) expect(await run(text)).toBeNull();
    expect(calls).toEqual([]);
  });

  it('/me posts the action in italics and /shrug the shrug after the text, escaped for the renderer', async () => {
    const { run, calls } = world();
    expect(await run('/me waves')).toEqual({ kind: 'posted' });
    expect(await run('/shrug no idea')).toEqual({ kind: 'posted' });
    expect(await run('/shrug')).toEqual({ kind: 'posted' });
    expect(calls).toEqual(['post _waves_', 'post no idea ¯\\\\\\_(ツ)\\_/¯', 'post ¯\\\\\\_(ツ)\\_/¯']);
    expect(await refusal(run('/me'))).toBe('Say what you are doing: /me waves');
  });

  it('/topic sets the topic and says so; alone it shows the topic and changes nothing', async () => {
    const { run, calls } = world(channel({ topic: 'Ship it' }));
    expect(await run('/topic Deploy day')).toEqual({ kind: 'done', notice: 'Topic of #general set to “Deploy day”.' });
    expect(await run('/topic')).toEqual({ kind: 'done', notice: 'The topic of #general: Ship it' });
    expect(await world().run('/topic')).toEqual({ kind: 'done', notice: '#general has no topic.' });
    expect(calls).toEqual(['topic Deploy day']);
  });

  it('/invite adds one person, with or without the "@"', async () => {
    const { run, calls } = world();
    expect(await run('/invite @bob')).toEqual({ kind: 'done', notice: 'bob was added to #general.' });
    expect(await run('/invite carol')).toEqual({ kind: 'done', notice: 'carol was added to #general.' });
    expect(calls).toEqual(['invite bob', 'invite carol']);
    expect(await refusal(run('/invite'))).toBe('Name one person: /invite @name');
    expect(await refusal(run('/invite @a @b'))).toBe('Name one person: /invite @name');
  });

  it('/mute mutes an unmuted conversation and unmutes a muted one', async () => {
    const loud = world();
    expect(await loud.run('/mute')).toMatchObject({ kind: 'done', notice: expect.stringMatching(/^Muted #general/) });
    const quiet = world(channel({ muted: true }));
    expect(await quiet.run('/mute')).toEqual({ kind: 'done', notice: 'Unmuted #general.' });
    expect([...loud.calls, ...quiet.calls]).toEqual(['muted true', 'muted false']);
  });

  it('/leave leaves, whatever follows it', async () => {
    const { run, calls } = world();
    expect(await run('/leave now')).toEqual({ kind: 'done' });
    expect(calls).toEqual(['leave']);
  });

  it('an unknown command is refused by name, and runs nothing', async () => {
    const { run, calls } = world();
    expect(await refusal(run('/nope'))).toBe('No command /nope');
    expect(await refusal(run('/Foo bar'))).toBe('No command /foo');
    expect(calls).toEqual([]);
  });

  it('a command the rules do not allow here is refused before anything is asked of the server', async () => {
    const dm = world(channel({ kind: 'dm', name: '' }), IN_DM);
    expect(await refusal(dm.run('/topic hi'))).toBe('Direct messages have no topic.');
    expect(await refusal(dm.run('/invite @bob'))).toBe('To talk with more people, start a new direct message with them.');
    expect(await refusal(world(channel(), GUEST).run('/invite @bob'))).toBe('Guests cannot add people to channels.');
    expect(dm.calls).toEqual([]);
    const e = await world(channel(), GUEST).run('/invite bob').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CommandError);
  });

  it("the server's refusal comes through in its own words", async () => {
    const gone = world(channel(), MEMBER, new CallError('not_found', 'There is no user called “zed”.'));
    expect(await refusal(gone.run('/invite @zed'))).toBe('There is no user called “zed”.');
    const long = world(channel(), MEMBER, new CallError('invalid', 'Topics are at most 250 characters'));
    expect(await refusal(long.run(`/topic ${'x'.repeat(300)}`))).toBe('Topics are at most 250 characters');
  });
});

describe('availableCommands', () => {
  it('offers the commands that can run here whose name starts with what was typed, by name', () => {
    const names = (prefix: string, ctx = world().ctx) => availableCommands(prefix, ctx).map((c) => c.name);
    expect(names('')).toEqual(['invite', 'leave', 'me', 'mute', 'shrug', 'topic']);
    expect(names('M')).toEqual(['me', 'mute']);
    expect(names('sh')).toEqual(['shrug']);
    expect(names('x')).toEqual([]);
    expect(names('', world(channel({ kind: 'dm', name: '' }), IN_DM).ctx)).toEqual(['leave', 'me', 'mute', 'shrug']);
    expect(names('', world(channel(), GUEST).ctx)).toEqual(['leave', 'me', 'mute', 'shrug', 'topic']);
  });

  it('gives every command a usage that starts with its name', () => {
    for (const c of BUILT_IN_COMMANDS) expect(c.usage.startsWith(`/${c.name}`), c.name).toBe(true);
  });

  it('merges commands from elsewhere (the server, later) into the same list, a built-in keeping its name', async () => {
    const deploy: SlashCommand = { name: 'deploy', usage: '/deploy [env]', description: 'Ship it', run: () => ({ kind: 'done', notice: 'shipping' }) };
    const fakeMe: SlashCommand = { ...deploy, name: 'me' };
    const { ctx } = world();
    const list = availableCommands('', ctx, [deploy, fakeMe]);
    expect(list.map((c) => c.name)).toEqual(['deploy', 'invite', 'leave', 'me', 'mute', 'shrug', 'topic']);
    expect(list.find((c) => c.name === 'me')?.usage).toBe('/me [action]');
    expect(await runCommand('/deploy prod', ctx, [deploy])).toEqual({ kind: 'done', notice: 'shipping' });
  });

  it("offers an admin's custom commands where they run, and shows a private answer as a notice", async () => {
    customCommands.value = [
      { name: 'weather', description: 'Weather forecast', channelId: null },
      { name: 'deploy', description: 'Deploy', channelId: 99 },
    ];
    const { ctx, calls } = world();
    const extra = customSlashCommands(ctx.conversation.id);
    expect(availableCommands('', ctx, extra).map((c) => c.name)).toContain('weather');
    expect(availableCommands('dep', ctx, extra)).toEqual([]);
    expect(await runCommand('/weather Paris', ctx, extra)).toEqual({ kind: 'done', notice: 'answer to Paris' });
    expect(calls).toEqual(['custom weather Paris']);
    customCommands.value = [];
  });
});
