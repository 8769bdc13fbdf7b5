import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationView, User } from '../../shared/protocol.js';
import { alsoToChannel, alsoWhere, clearAlsoToChannel, mayAlsoSend, setAlsoToChannel } from './alsoToChannel.js';
import { submitMessage } from './compose.js';
import { conversations } from './directory.js';
import { draftKey } from './drafts.js';
import { outbox, sendPayload } from './outbox.js';
import { me } from './session.js';

const general = { id: 1, kind: 'public', name: 'general', topic: '', createdBy: 1, memberCount: 3, lastSeq: 0, lastReadSeq: 0, isMember: true } as ConversationView;
const news = { ...general, id: 2, name: 'news', announcement: true } as ConversationView;
const dm = { ...general, id: 3, kind: 'dm', name: '' } as ConversationView;
const person = (role: User['role']) => ({ id: 7, username: 'alice', role }) as User;
const ROOT = 50;
const key = draftKey(general.id, ROOT);

function signedIn(role: User['role']) {
  me.value = person(role);
  conversations.value = new Map([general, news, dm].map((c) => [c.id, c]));
}

afterEach(() => {
  clearAlsoToChannel();
  outbox.value = [];
  me.value = null;
  conversations.value = new Map();
});

describe('also send a reply to the channel', () => {
  it('a ticked box sends the reply with alsoToChannel, and is unticked by that send', () => {
    signedIn('member');
    setAlsoToChannel(key, true);
    submitMessage(general.id, ROOT, 'yes, everyone should know', []);
    const [item] = outbox.value;
    expect(sendPayload(item!)).toEqual({ conversationId: general.id, clientId: item!.clientId, body: 'yes, everyone should know', threadId: ROOT, alsoToChannel: true });
    expect(alsoToChannel(key)).toBe(false);

    submitMessage(general.id, ROOT, 'and this one stays in the thread', []);
    expect(sendPayload(outbox.value[1]!)).not.toHaveProperty('alsoToChannel');
  });

  it('each thread has its own box; a message in the conversation itself never carries it', () => {
    signedIn('member');
    setAlsoToChannel(key, true);
    expect(alsoToChannel(draftKey(general.id, ROOT + 1))).toBe(false);
    submitMessage(general.id, null, 'top level', []);
    expect(sendPayload(outbox.value[0]!)).not.toHaveProperty('alsoToChannel');
    expect(alsoToChannel(key)).toBe(true);
  });

  it('is offered where you may start a thread: not in an announcement channel, unless you are an admin', () => {
    signedIn('member');
    expect([general, news, dm].map(mayAlsoSend)).toEqual([true, false, true]);
    // Ticked before the channel became one for announcements: the reply stays in the thread.
    const newsKey = draftKey(news.id, ROOT);
    setAlsoToChannel(newsKey, true);
    submitMessage(news.id, ROOT, 'a reply', []);
    expect(sendPayload(outbox.value[0]!)).not.toHaveProperty('alsoToChannel');
    expect(alsoToChannel(newsKey)).toBe(false);

    signedIn('admin');
    expect(mayAlsoSend(news)).toBe(true);
  });

  it('names where the copy goes', () => {
    signedIn('member');
    expect(alsoWhere(general)).toBe('#general');
    expect(alsoWhere(dm)).toBe('the conversation');
  });

  it('a retry sends the same flag: it is part of the saved item', () => {
    signedIn('member');
    setAlsoToChannel(key, true);
    submitMessage(general.id, ROOT, 'saved', []);
    const saved = JSON.parse(JSON.stringify(outbox.value[0])) as (typeof outbox.value)[number];
    expect(sendPayload(saved)).toMatchObject({ threadId: ROOT, alsoToChannel: true });
  });
});
