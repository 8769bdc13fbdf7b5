import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/protocol.js';
import { Timeline } from './timeline.js';

const msg = (seq: number, conversationId = 1): Message => ({
  id: 1000 + seq,
  conversationId,
  seq,
  kind: 'user',
  authorId: 7,
  authorName: 'alice',
  body: `m${seq}`,
  clientId: `c${seq}`,
  createdAt: seq * 1000,
});

const seqs = (t: Timeline) => t.messages.value.map((m) => m.seq);

describe('Timeline', () => {
  it('keeps messages sorted by seq whatever order pages, live events and acks arrive in', () => {
    const t = new Timeline(1);
    t.add([msg(101)]); // live, before the first page
    t.add([msg(3), msg(4), msg(5)]); // the first page
    t.add([msg(1), msg(2)]); // an older page
    t.add([msg(102)]);
    expect(seqs(t)).toEqual([1, 2, 3, 4, 5, 101, 102]);
  });

  it('never holds the same message twice, e.g. when it arrives live while history is loading', () => {
    const t = new Timeline(1);
    t.add([msg(10)]);
    t.add([msg(8), msg(9), msg(10)]);
    t.add([msg(10), msg(11)]);
    t.add([msg(11)]);
    expect(seqs(t)).toEqual([8, 9, 10, 11]);
  });

  it('ignores messages of other conversations and starts over on reset', () => {
    const t = new Timeline(1);
    t.add([msg(1), msg(2, 2)]);
    expect(seqs(t)).toEqual([1]);
    t.reset();
    expect(seqs(t)).toEqual([]);
    t.add([msg(1)]);
    expect(seqs(t)).toEqual([1]);
  });
});
