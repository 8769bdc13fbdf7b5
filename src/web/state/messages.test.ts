import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationView, Message } from '../../shared/protocol.js';

vi.mock('./client.js', () => ({ rpc: vi.fn(() => new Promise(() => undefined)), tell: vi.fn(), isConnected: () => false }));

const { applyMessages } = await import('./messages.js');
const { conversations, unreadCount, upsertConversation, clearDirectory } = await import('./directory.js');
const { me } = await import('./session.js');
const { currentId } = await import('./navigation.js');
const { announcement } = await import('./ui.js');
const { dropAllTimelines, timelineFor } = await import('./timeline.js');

const ME = 7;
const msg = (seq: number, patch: Partial<Message> = {}): Message => ({
  id: 100 + seq,
  conversationId: 1,
  threadId: null,
  thread: null,
  seq,
  kind: 'user',
  authorId: 2,
  authorName: 'bob',
  body: `m${seq}`,
  clientId: `c${seq}`,
  createdAt: seq,
  clock: seq,
  editedAt: null,
  deletedAt: null,
  reactions: [],
  ...patch,
});

function general(lastSeq: number, lastReadSeq: number): void {
  const c: ConversationView = {
    id: 1,
    kind: 'public',
    name: 'general',
    topic: '',
    createdBy: 1,
    createdAt: 0,
    lastSeq,
    memberCount: 2,
    isMember: true,
    lastReadSeq,
  };
  upsertConversation(c);
}
const view = () => conversations.value.get(1)!;

describe('applying messages', () => {
  afterEach(() => {
    clearDirectory();
    dropAllTimelines();
    currentId.value = null;
  });

  it('a new message by someone else is unread and read out; editing it or reacting to it changes neither', () => {
    me.value = { id: ME, username: 'me', createdAt: 0 };
    general(5, 5);
    currentId.value = 1;
    applyMessages(1, [msg(6)], true);
    expect(unreadCount(view())).toBe(1);
    expect(announcement.value).toContain('bob: m6');

    announcement.value = '';
    applyMessages(1, [msg(6, { body: 'm6 edited', editedAt: 9, clock: 7 })], true);
    applyMessages(1, [msg(6, { body: 'm6 edited', editedAt: 9, clock: 8, reactions: [{ emoji: '👍', userIds: [2] }] })], true);
    applyMessages(1, [msg(3, { clock: 9, reactions: [{ emoji: '🎉', userIds: [2] }] })], true); // an old one, not held
    expect(view()).toMatchObject({ lastSeq: 6, lastReadSeq: 5 });
    expect(announcement.value).toBe('');
  });

  it('the same holds with the timeline open: only ids it never held are new', () => {
    me.value = { id: ME, username: 'me', createdAt: 0 };
    general(2, 2);
    const t = timelineFor(1);
    t.upsert([msg(1), msg(2)]);
    t.ready.value = true;
    applyMessages(1, [msg(2, { clock: 5, deletedAt: 5, body: '' })], true);
    expect(unreadCount(view())).toBe(0);
    applyMessages(1, [msg(3, { clock: 6 })], true);
    expect(unreadCount(view())).toBe(1);
    expect(t.messages.value.map((m) => m.body)).toEqual(['m1', '', 'm3']);
  });

  it('your own new message moves your read position; your own edit does not move anything', () => {
    me.value = { id: ME, username: 'me', createdAt: 0 };
    general(4, 2);
    applyMessages(1, [msg(5, { authorId: ME })], true);
    expect(view()).toMatchObject({ lastSeq: 5, lastReadSeq: 5 });
    applyMessages(1, [msg(3, { authorId: ME, clock: 9, editedAt: 9, body: 'fixed' })], true);
    expect(view()).toMatchObject({ lastSeq: 5, lastReadSeq: 5 });
  });
});
