import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, User } from '../shared/protocol.js';
import { codeOf, coreWorld, type CoreWorld } from '../../test/helpers/core.js';

describe('notification preferences', () => {
  let w: CoreWorld;
  let alice: User;
  let bob: User;
  let general: ConversationView;
  const view = async (user: User) => (await w.flack.snapshot(user)).conversations.find((c) => c.id === general.id)!;

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    bob = await w.user('bob');
    general = (await w.flack.browseChannels(alice.id, {})).channels.find((c) => c.name === 'general')!;
    w.fanout.clear();
  });
  afterEach(() => w.close());

  it('are set per member, one field at a time, and every device of theirs is told', async () => {
    expect(await w.flack.setNotifyPreferences(alice.id, { conversationId: general.id, notify: 'all' })).toEqual({ conversationId: general.id, notify: 'all', muted: false });
    expect(await w.flack.setNotifyPreferences(alice.id, { conversationId: general.id, muted: true })).toEqual({ conversationId: general.id, notify: 'all', muted: true });
    expect(await view(alice)).toMatchObject({ notify: 'all', muted: true });
    expect(await view(bob)).not.toHaveProperty('muted');
    expect(w.fanout.sent.map((s) => [s.event, s.audience])).toEqual([
      ['preferences', { users: [alice.id] }],
      ['preferences', { users: [alice.id] }],
    ]);
    expect(await w.flack.setNotifyPreferences(alice.id, { conversationId: general.id, notify: null, muted: false })).toEqual({ conversationId: general.id, notify: null, muted: false });
    expect(await view(alice)).not.toHaveProperty('notify');
  });

  it('need membership, and answer a conversation you cannot see as not found', async () => {
    const secret = await w.flack.createChannel(bob.id, { name: 'secret', visibility: 'private' });
    expect(await codeOf(w.flack.setNotifyPreferences(alice.id, { conversationId: secret.id, muted: true }))).toBe('not_found');
    expect(await codeOf(w.flack.setNotifyPreferences(alice.id, { conversationId: 999_999, muted: true }))).toBe('not_found');
    await w.flack.leaveChannel(alice.id, general.id);
    expect(await codeOf(w.flack.setNotifyPreferences(alice.id, { conversationId: general.id, muted: true }))).not.toBe('ok');
  });

  it('defaults: built in until chosen, one field at a time, in the snapshot, and every device is told', async () => {
    expect((await w.flack.snapshot(alice)).notifyDefaults).toEqual({ dm: 'all', channel: 'mentions' });
    expect(await w.flack.setNotifyDefaults(alice.id, { channel: 'nothing' })).toEqual({ dm: 'all', channel: 'nothing' });
    expect(await w.flack.setNotifyDefaults(alice.id, { dm: 'mentions' })).toEqual({ dm: 'mentions', channel: 'nothing' });
    expect((await w.flack.snapshot(alice)).notifyDefaults).toEqual({ dm: 'mentions', channel: 'nothing' });
    expect((await w.flack.snapshot(bob)).notifyDefaults).toEqual({ dm: 'all', channel: 'mentions' });
    expect(w.fanout.sent.filter((s) => s.event === 'notifyDefaults').map((s) => s.audience)).toEqual([{ users: [alice.id] }, { users: [alice.id] }]);
  });
});
