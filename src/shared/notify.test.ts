import { describe, expect, it } from 'vitest';
import { notifies, type Reader } from './notify.js';

const message = { authorId: 1, kind: 'user' as const, deletedAt: null, editedAt: null, threadId: null, mentions: [] as number[] };
const bob: Reader = { id: 2, level: 'mentions', muted: false, follows: false, here: false };

describe('notifies', () => {
  it('a message notifies by the level: every one at all, mentions at mentions, none at nothing or muted', () => {
    expect(notifies(message, { ...bob, level: 'all' })).toBe(true);
    expect(notifies(message, bob)).toBe(false);
    expect(notifies({ ...message, mentions: [2] }, bob)).toBe(true);
    expect(notifies({ ...message, mentionsAll: true }, bob)).toBe(true);
    expect(notifies({ ...message, mentions: [2] }, { ...bob, level: 'nothing' })).toBe(false);
    expect(notifies({ ...message, mentions: [2] }, { ...bob, muted: true })).toBe(false);
  });

  it('never your own, a notice, or an edited or deleted copy; @here only those who were online', () => {
    expect(notifies({ ...message, authorId: 2 }, { ...bob, level: 'all' })).toBe(false);
    expect(notifies({ ...message, kind: 'system' }, { ...bob, level: 'all' })).toBe(false);
    expect(notifies({ ...message, editedAt: 5 }, { ...bob, level: 'all' })).toBe(false);
    expect(notifies({ ...message, mentionsHere: true }, bob)).toBe(false);
    expect(notifies({ ...message, mentionsHere: true }, { ...bob, here: true })).toBe(true);
  });

  it('a reply notifies its followers, and whoever it names', () => {
    const reply = { ...message, threadId: 9 };
    expect(notifies({ ...reply, mentionsAll: true }, bob)).toBe(false);
    expect(notifies({ ...reply, mentionsAll: true }, { ...bob, follows: true })).toBe(true);
    expect(notifies(reply, { ...bob, level: 'all' })).toBe(false);
    expect(notifies({ ...reply, mentions: [2] }, bob)).toBe(true);
  });
});
