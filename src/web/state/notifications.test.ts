import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationView, Message, User } from '../../shared/protocol.js';
import { conversations } from './directory.js';
import { clearNotified, notifyAbout } from './notifications.js';
import { me } from './session.js';
import { applyThreadState, clearThreads } from './threads.js';
import { userMessage } from '../../../test/helpers/message.js';

const ME = 7;
const general = { id: 1, kind: 'public', name: 'general', topic: '', createdBy: 1, memberCount: 3, lastSeq: 0, lastReadSeq: 0, isMember: true, notify: 'all' } as ConversationView;
const msg = (id: number, patch: Partial<Message> = {}): Message =>
  userMessage(id, { id, conversationId: general.id, body: 'yes, and everyone should know', clientId: null, createdAt: Date.now(), clock: id, ...patch });

let shown: string[];

beforeEach(() => {
  shown = [];
  // A tab out of sight, allowed to notify, without Web Locks (so it shows at once).
  vi.stubGlobal('document', { visibilityState: 'hidden' });
  vi.stubGlobal('navigator', {});
  vi.stubGlobal(
    'Notification',
    class {
      static permission = 'granted';
      constructor(_title: string, options: { tag: string }) {
        shown.push(options.tag);
      }
    },
  );
  me.value = { id: ME, username: 'alice', role: 'member' } as User;
  conversations.value = new Map([[general.id, general]]);
});
afterEach(() => {
  vi.unstubAllGlobals();
  clearNotified();
  clearThreads();
  me.value = null;
  conversations.value = new Map();
});

describe('notifications of a reply also sent to the channel', () => {
  const root = msg(10, { body: 'shall we ship?', createdAt: Date.now() - 60 * 60_000 }); // its news was long ago
  const reply = msg(11, { threadId: root.id, seq: 1, alsoInChannel: 12 });
  const copy = msg(12, { fromThread: { rootId: root.id, replyId: reply.id } });

  it('notify once: the reply and its copy are one piece of news', () => {
    applyThreadState({ rootId: root.id, conversationId: general.id, replyCount: 0, lastReplyAt: 0, lastReadSeq: 0, mentionCount: 0 });
    notifyAbout([reply, { ...root, thread: { replyCount: 1, lastReplyAt: reply.createdAt, replierIds: [2] } }, copy]);
    expect(shown).toEqual(['flack-message-11']);
  });

  it('the copy notifies when the reply alone would not (a thread you do not follow)', () => {
    notifyAbout([reply, copy]);
    expect(shown).toEqual(['flack-message-12']);
  });
});
