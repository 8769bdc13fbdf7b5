import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, Message, User } from '../../shared/protocol.js';
import { conversations } from './directory.js';
import { clearMentions, mentionsCounted, noteMentions } from './mentions.js';
import { me } from './session.js';
import { userMessage } from '../../../test/helpers/message.js';

const ME = 7;
const general = { id: 1, kind: 'public', name: 'general', topic: '', createdBy: 1, memberCount: 3, lastSeq: 4, lastReadSeq: 4, isMember: true, mentionCount: 0 } as ConversationView;
const msg = (id: number, seq: number, patch: Partial<Message> = {}): Message =>
  userMessage(seq, { id, conversationId: general.id, body: '@alice look', clientId: null, createdAt: 0, clock: id, mentions: [ME], ...patch });
const count = () => conversations.value.get(general.id)!.mentionCount;

beforeEach(() => {
  me.value = { id: ME, username: 'alice', role: 'member' } as User;
  conversations.value = new Map([[general.id, general]]);
  mentionsCounted([general.id]);
});
afterEach(() => {
  clearMentions();
  me.value = null;
  conversations.value = new Map();
});

describe('mention counts between two of the server’s', () => {
  it('a new message that mentions you adds one; a reply’s copy in the channel does not, as on the server', () => {
    noteMentions([msg(20, 5, { fromThread: { rootId: 10, replyId: 19 } })]);
    expect(count()).toBe(0);
    noteMentions([msg(21, 6)]);
    expect(count()).toBe(1);
  });
});
