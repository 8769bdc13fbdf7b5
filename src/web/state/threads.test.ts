import { describe, expect, it } from 'vitest';
import type { Message, ThreadState } from '../../shared/protocol.js';
import { followedAfter, mergeState, unreadReplies, unreadThreadCount } from './threads.js';

const ME = 7;
const root = (id: number, replyCount: number, patch: Partial<Message> = {}): Message => ({
  id,
  conversationId: 1,
  threadId: null,
  thread: { replyCount, lastReplyAt: 1000 + replyCount, replierIds: [2] },
  seq: id,
  kind: 'user',
  authorId: 2,
  authorName: 'bob',
  body: `root ${id}`,
  clientId: `c${id}`,
  createdAt: id,
  clock: id + replyCount,
  editedAt: null,
  deletedAt: null,
  reactions: [],
  mentions: [],
  ...patch,
});
const reply = (rootId: number, seq: number, authorId: number): Message => ({
  ...root(rootId * 100 + seq, 0),
  threadId: rootId,
  thread: null,
  seq,
  authorId,
  createdAt: 2000 + seq,
});
const state = (rootId: number, replyCount: number, lastReadSeq: number): ThreadState => ({
  rootId,
  conversationId: 1,
  replyCount,
  lastReplyAt: 1000 + replyCount,
  lastReadSeq,
  mentionCount: 0,
});
const after = (states: ThreadState[], messages: Message[]) => {
  const r = followedAfter(new Map(states.map((s) => [s.rootId, s])), messages, ME);
  return { states: [...r.states.values()], unsure: r.unsure };
};

describe('threads you follow', () => {
  it('a reply by someone else in a thread you follow is unread; the root’s new count says so', () => {
    const { states } = after([state(1, 2, 2)], [reply(1, 3, 2), root(1, 3)]);
    expect(states).toEqual([state(1, 3, 2)]);
    expect(unreadReplies(states[0]!)).toBe(1);
  });

  it('your own reply follows the thread and reads it up to there, with or without its root in the batch', () => {
    expect(after([], [reply(5, 4, ME), root(5, 4)]).states).toEqual([state(5, 4, 4)]);
    expect(after([state(5, 3, 1)], [reply(5, 4, ME)]).states).toEqual([{ ...state(5, 4, 4), lastReplyAt: 2004 }]);
  });

  it('the first reply to your message makes you follow it, unread; threads of others you never joined stay out', () => {
    const mine = root(9, 1, { authorId: ME });
    expect(after([], [reply(9, 1, 2), mine, root(10, 1)])).toEqual({ states: [state(9, 1, 0)], unsure: [] });
  });

  it('a thread you follow but this client did not know of, with earlier replies: its read position is asked for', () => {
    const { states, unsure } = after([], [root(9, 6, { authorId: ME })]);
    expect(unsure).toEqual([9]);
    expect(states.map((s) => s.rootId)).toEqual([9]);
  });

  it('edits, reactions and repeats never move a position back', () => {
    const held = [state(1, 5, 4)];
    expect(after(held, [root(1, 3, { body: 'edited' })]).states).toEqual([{ ...state(1, 5, 4) }]);
    expect(mergeState(state(1, 5, 4), state(1, 4, 2))).toEqual(state(1, 5, 4));
    const same = new Map(held.map((s) => [s.rootId, s]));
    expect(followedAfter(same, [root(3, 1)], ME).states).toBe(same);
  });

  it('the badge counts threads with unread replies in conversations you are still in', () => {
    const states = new Map([state(1, 3, 3), state(2, 4, 1), { ...state(3, 2, 0), conversationId: 2 }].map((s) => [s.rootId, s]));
    expect(unreadThreadCount(states, () => true)).toBe(2);
    expect(unreadThreadCount(states, (id) => id === 1)).toBe(1);
  });
});
