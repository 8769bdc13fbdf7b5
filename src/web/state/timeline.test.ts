import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/protocol.js';
import { Timeline } from './timeline.js';
import { userMessage } from '../../../test/helpers/message.js';

const msg = (seq: number, patch: Partial<Message> = {}): Message =>
  userMessage(seq, { id: 1000 + seq, authorId: 7, authorName: 'alice', createdAt: seq * 1000, ...patch });

const noPages = () => Promise.reject(new Error('no pages here'));
const seqs = (t: Timeline) => t.messages.value.map((m) => m.seq);
const body = (t: Timeline, seq: number) => t.messages.value.find((m) => m.seq === seq)?.body;

describe('Timeline', () => {
  it('keeps messages sorted by seq whatever order pages, live batches and acks arrive in', () => {
    const t = new Timeline(1, null, noPages);
    t.upsert([msg(101)]); // live, before the first page
    t.upsert([msg(3), msg(4), msg(5)]); // the first page
    t.upsert([msg(1), msg(2)]); // an older page
    t.upsert([msg(103), msg(102)]); // a sync reply, in no particular order
    expect(seqs(t)).toEqual([1, 2, 3, 4, 5, 101, 102, 103]);
  });

  it('never holds the same message twice, e.g. when it arrives live while history is loading', () => {
    const t = new Timeline(1, null, noPages);
    t.upsert([msg(10)]);
    t.upsert([msg(8), msg(9), msg(10)]);
    t.upsert([msg(10), msg(11)]);
    t.upsert([msg(11)]);
    expect(seqs(t)).toEqual([8, 9, 10, 11]);
  });

  it('keeps the copy with the highest clock: a later edit replaces, an earlier or equal one is ignored', () => {
    const t = new Timeline(1, null, noPages);
    t.upsert([msg(1), msg(2)]);
    t.upsert([msg(1, { body: 'edited', clock: 5, editedAt: 5000 })]);
    expect(body(t, 1)).toBe('edited');
    t.upsert([msg(1, { body: 'stale', clock: 4 })]); // overtaken, e.g. a sync reply read before the edit
    t.upsert([msg(1, { body: 'same clock', clock: 5 })]);
    expect(body(t, 1)).toBe('edited');
    t.upsert([msg(1, { body: '', clock: 6, deletedAt: 6000 })]);
    expect(t.messages.value[0]).toMatchObject({ body: '', deletedAt: 6000 });
    expect(seqs(t)).toEqual([1, 2]);
  });

  it('applying the same batch twice changes nothing, not even the array the view renders', () => {
    const t = new Timeline(1, null, noPages);
    const batch = [msg(1), msg(2, { reactions: [{ emoji: '👍', userIds: [7] }], clock: 3 })];
    t.upsert(batch);
    const before = t.messages.value;
    t.upsert(batch);
    expect(t.messages.value).toBe(before);
  });

  it('ignores messages of other conversations and starts over on reset', () => {
    const t = new Timeline(1, null, noPages);
    t.upsert([msg(1), msg(2, { conversationId: 2 })]);
    expect(seqs(t)).toEqual([1]);
    t.cursor.start(4);
    t.reset();
    expect(seqs(t)).toEqual([]);
    expect(t.cursor.clock).toBe(null);
    t.upsert([msg(1)]);
    expect(seqs(t)).toEqual([1]);
  });

  it('a page from its source starts the cursor at the page’s clock; a page requested before a reset is dropped', async () => {
    let answer: (page: { messages: Message[]; hasMore: boolean; clock: number }) => void = () => undefined;
    const asked: (number | undefined)[] = [];
    const t = new Timeline(1, null, (before) => {
      asked.push(before);
      return new Promise((resolve) => (answer = resolve));
    });
    const stale = t.loadNewest();
    t.reset();
    answer({ messages: [msg(1)], hasMore: false, clock: 3 });
    await stale;
    expect(seqs(t)).toEqual([]);
    expect(t.ready.value).toBe(false);

    const fresh = t.loadNewest();
    answer({ messages: [msg(4), msg(5)], hasMore: true, clock: 9 });
    await fresh;
    expect(t.cursor.clock).toBe(9);
    const older = t.loadOlder();
    answer({ messages: [msg(2), msg(3)], hasMore: false, clock: 9 });
    await older;
    expect(asked).toEqual([undefined, undefined, 4]);
    expect(seqs(t)).toEqual([2, 3, 4, 5]);
    expect(t.hasMore.value).toBe(false);
  });

  it('a window opened around an old message keeps what arrives past it aside, and takes it in on reaching the newest end', async () => {
    const answers: Record<string, { messages: Message[]; hasMore: boolean; hasNewer?: boolean; clock: number }> = {
      'around 20': { messages: [msg(19), msg(20), msg(21)], hasMore: true, hasNewer: true, clock: 50 },
      'after 21': { messages: [msg(22), msg(23)], hasMore: true, hasNewer: true, clock: 51 },
      'after 23': { messages: [msg(24), msg(25)], hasMore: true, hasNewer: false, clock: 52 },
    };
    const t = new Timeline(1, null, noPages, (at) => Promise.resolve(answers['around' in at ? `around ${at.around}` : `after ${at.after}`]!));
    t.upsert([msg(24), msg(25)]); // the newest page, held before the jump
    await t.loadAround(20);
    expect(seqs(t)).toEqual([19, 20, 21]);
    expect(t.hasNewer.value).toBe(true);
    expect(t.cursor.clock).toBe(50);
    t.upsert([msg(26)]); // live, while detached: not shown yet
    t.upsert([msg(20, { body: 'edited', clock: 60 })]); // an edit inside the window: shown
    expect(seqs(t)).toEqual([19, 20, 21]);
    expect(body(t, 20)).toBe('edited');
    await t.loadNewer();
    expect(seqs(t)).toEqual([19, 20, 21, 22, 23]);
    await t.loadNewer();
    expect(seqs(t)).toEqual([19, 20, 21, 22, 23, 24, 25, 26]);
    expect(t.hasNewer.value).toBe(false);
    t.upsert([msg(27)]);
    expect(seqs(t).at(-1)).toBe(27);
  });

  it('back to the newest page from a detached window, nothing that arrived meanwhile is lost', async () => {
    const t = new Timeline(
      1,
      null,
      () => Promise.resolve({ messages: [msg(29), msg(30)], hasMore: true, clock: 70 }),
      () => Promise.resolve({ messages: [msg(5), msg(6)], hasMore: true, hasNewer: true, clock: 60 }),
    );
    await t.loadAround(5);
    t.upsert([msg(31)]); // live, after the newest page was read
    await t.showNewest();
    expect(seqs(t)).toEqual([29, 30, 31]);
    expect(t.hasNewer.value).toBe(false);
    expect(t.cursor.clock).toBe(60); // the cursor never stopped: it is not restarted
  });
});
