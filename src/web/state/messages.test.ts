import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/protocol.js';
import { freshMessages, positionsAfter, splitThreads, spoken } from './messages.js';
import { Timeline } from './timeline.js';
import { userMessage } from '../../../test/helpers/message.js';

const ME = 7;
const msg = userMessage;
const noPages = () => Promise.reject(new Error('no pages here'));

describe('what is new, and what it makes unread', () => {
  it('a new message by someone else is unread and read out; editing it or reacting to it changes neither', () => {
    const fresh = freshMessages([msg(6)], 5);
    expect(positionsAfter({ lastSeq: 5, lastReadSeq: 5 }, fresh, ME)).toEqual({ lastSeq: 6, lastReadSeq: 5 });
    expect(spoken(fresh, ME)).toEqual(['bob: m6']);

    const changes = [
      msg(6, { body: 'm6 edited', editedAt: 9, clock: 7 }),
      msg(6, { body: 'm6 edited', editedAt: 9, clock: 8, reactions: [{ emoji: '👍', userIds: [2] }] }),
      msg(3, { clock: 9, reactions: [{ emoji: '🎉', userIds: [2] }] }), // an old one, not held
    ];
    expect(freshMessages(changes, 6)).toEqual([]);
  });

  it('the same holds with the timeline open: only ids it never held, past its newest, are new', () => {
    const t = new Timeline(1, null, noPages);
    t.upsert([msg(1), msg(2)]);
    t.ready.value = true;
    expect(freshMessages([msg(2, { clock: 5, deletedAt: 5, body: '' })], 2, t)).toEqual([]);
    // The directory may lag behind the timeline (its lastSeq comes from a snapshot): the timeline knows better.
    expect(freshMessages([msg(2, { clock: 5 }), msg(3, { clock: 6 })], 0, t).map((m) => m.seq)).toEqual([3]);
  });

  it('your own new message moves your read position; your own edit moves nothing', () => {
    const after = positionsAfter({ lastSeq: 4, lastReadSeq: 2 }, freshMessages([msg(5, { authorId: ME })], 4), ME);
    expect(after).toEqual({ lastSeq: 5, lastReadSeq: 5 });
    const edit = msg(3, { authorId: ME, clock: 9, editedAt: 9, body: 'fixed' });
    expect(positionsAfter(after, freshMessages([edit], 5), ME)).toEqual({ lastSeq: 5, lastReadSeq: 5 });
  });

  it('nobody hears their own messages, nor tombstones; system lines are read as sentences', () => {
    const system = msg(4, { kind: 'system', authorName: 'carol', body: 'joined the channel' });
    expect(spoken([msg(1, { authorId: ME }), msg(2, { deletedAt: 2, body: '' }), system], ME)).toEqual(['carol joined the channel']);
  });
});

describe('routing a batch', () => {
  it('sends top-level messages to the conversation and replies to their thread, in the order they came', () => {
    const root = msg(1, { thread: { replyCount: 2, lastReplyAt: 5, replierIds: [3] } });
    const r1 = msg(1, { id: 201, threadId: root.id });
    const r2 = msg(2, { id: 202, threadId: root.id });
    const other = msg(1, { id: 301, threadId: 999 });
    const { top, replies } = splitThreads([r2, root, other, r1, msg(2)]);
    expect(top.map((m) => m.id)).toEqual([root.id, 102]);
    expect([...replies]).toEqual([
      [root.id, [r2, r1]],
      [999, [other]],
    ]);
  });

  it('a reply never moves the conversation: its seq counts within its thread', () => {
    const reply = msg(9, { id: 209, threadId: 101 });
    const { top } = splitThreads([reply]);
    expect(positionsAfter({ lastSeq: 3, lastReadSeq: 3 }, freshMessages(top, 3), ME)).toEqual({ lastSeq: 3, lastReadSeq: 3 });
  });

  it('a thread’s timeline holds its root apart from its replies, and nothing of other threads or the conversation', () => {
    const t = new Timeline(1, 101, noPages);
    const root = msg(1, { thread: { replyCount: 1, lastReplyAt: 5, replierIds: [3] } });
    t.upsert([msg(1, { id: 201, threadId: 101 }), root, msg(2), msg(1, { id: 301, threadId: 999 })]);
    expect(t.root.value).toBe(root);
    expect(t.messages.value.map((m) => m.id)).toEqual([201]);
    // The root keeps its highest clock, like any message.
    t.upsert([{ ...root, clock: 0, body: 'stale' }]);
    expect(t.root.value).toBe(root);
    expect(t.get(101)).toBe(root);
    // …and a fresh reply is one past the newest held reply, once the thread has loaded.
    t.ready.value = true;
    expect(freshMessages([msg(1, { id: 201, threadId: 101, clock: 9 }), msg(2, { id: 202, threadId: 101 })], Infinity, t).map((m) => m.id)).toEqual([202]);
  });
});
