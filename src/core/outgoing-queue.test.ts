import { describe, expect, it } from 'vitest';
import type { OutgoingCandidate } from '../storage/outgoing-store.js';
import { firing, payloadOf } from './outgoing-queue.js';

const message = (more: Partial<OutgoingCandidate> = {}): OutgoingCandidate => ({
  messageId: 9, conversationId: 2, channelName: 'general', threadId: 0, seq: 4, kind: 'user', body: 'hello', deleted: false,
  createdAt: 1000, authorId: 1, authorName: 'ann', mentions: [], ...more,
});
const hook = { id: 5, name: 'echo', trigger: 'message' as const, words: [] as string[], posterUserId: 7 };

describe('which messages fire an outgoing webhook', () => {
  it('every user message, for a message hook; never the poster’s own, a notice or a deleted one', () => {
    expect(firing(hook, message())).toEqual({});
    expect(firing(hook, message({ authorId: 7 }))).toBeNull();
    expect(firing(hook, message({ kind: 'system' }))).toBeNull();
    expect(firing(hook, message({ deleted: true }))).toBeNull();
  });

  it('a mention hook fires when the poster is mentioned', () => {
    const mentions = { ...hook, trigger: 'mention' as const };
    expect(firing(mentions, message({ mentions: [7] }))).toEqual({});
    expect(firing(mentions, message({ mentions: [3] }))).toBeNull();
  });

  it('a trigger-word hook fires on messages that start with one of its words, as a word, in any case', () => {
    const words = { ...hook, trigger: 'words' as const, words: ['!deploy', 'ping'] };
    expect(firing(words, message({ body: '!deploy prod' }))).toEqual({ word: '!deploy' });
    expect(firing(words, message({ body: '  PING' }))).toEqual({ word: 'ping' });
    expect(firing(words, message({ body: 'pingpong' }))).toBeNull();
    expect(firing(words, message({ body: 'say ping' }))).toBeNull();
  });

  it('the payload names the hook, channel, message and author; its id is the hook and the message', () => {
    expect(payloadOf(hook, message({ threadId: 3 }), 'ping')).toEqual({
      id: '5:9', hook: { id: 5, name: 'echo' }, channel: { id: 2, name: 'general' },
      message: { id: 9, seq: 4, threadId: 3, text: 'hello', createdAt: 1000, author: { id: 1, username: 'ann' } }, trigger: 'ping',
    });
  });
});
