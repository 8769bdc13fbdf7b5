import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, User } from '../shared/protocol.js';
import { coreWorld, type CoreWorld } from '../../test/helpers/core.js';
import { FlackError } from './errors.js';

describe('history from a message (jump to it, then page up and down)', () => {
  let w: CoreWorld;
  let alice: User;
  let room: ConversationView;
  const seqs = (page: { messages: { seq: number }[] }) => page.messages.map((m) => m.seq);

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    room = await w.flack.createChannel(alice.id, { name: 'room', visibility: 'public' });
    for (let i = 1; i <= 30; i++) await w.flack.sendMessage(alice.id, { conversationId: room.id, clientId: `m${i}`, body: `message ${i}` });
  });
  afterEach(() => w.close());

  it('around a seq: that message, up to half the page after it and the rest before', async () => {
    const page = await w.flack.history(alice.id, { conversationId: room.id, around: 15, limit: 10 });
    expect(seqs(page)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect([page.hasMore, page.hasNewer]).toEqual([true, true]);
    const start = await w.flack.history(alice.id, { conversationId: room.id, around: 2, limit: 10 });
    expect(seqs(start)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([start.hasMore, start.hasNewer]).toEqual([false, true]);
    const end = await w.flack.history(alice.id, { conversationId: room.id, around: 30, limit: 10 });
    expect(seqs(end)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect([end.hasMore, end.hasNewer]).toEqual([true, false]);
  });

  it('after a seq: the next page down, until there is no newer', async () => {
    const page = await w.flack.history(alice.id, { conversationId: room.id, after: 20, limit: 5 });
    expect(seqs(page)).toEqual([21, 22, 23, 24, 25]);
    expect(page.hasNewer).toBe(true);
    const last = await w.flack.history(alice.id, { conversationId: room.id, after: 25, limit: 10 });
    expect(seqs(last)).toEqual([26, 27, 28, 29, 30]);
    expect(last.hasNewer).toBe(false);
  });

  it('refuses two directions at once', async () => {
    await expect(w.flack.history(alice.id, { conversationId: room.id, before: 5, around: 3 })).rejects.toBeInstanceOf(FlackError);
  });
});
