import { describe, expect, it } from 'vitest';
import { LIMITS } from '../shared/protocol.js';
import { FlackError } from './errors.js';
import { checkChannelName, checkMessageBody, checkPassword, checkTopic, checkUsername } from './rules.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as FlackError).code;
  }
  return 'ok';
};

describe('rules', () => {
  it('usernames are 3–32 letters, digits, "_", "." or "-"', () => {
    for (const ok of ['abc', 'Alice_B', 'a.b-c', 'x'.repeat(32)]) expect(codeOf(() => checkUsername(ok)), ok).toBe('ok');
    for (const bad of ['ab', 'x'.repeat(33), 'with space', 'émile', 'a/b', '']) {
      expect(codeOf(() => checkUsername(bad)), bad).toBe('username_invalid');
    }
  });

  it('passwords have a minimum and a maximum length', () => {
    expect(codeOf(() => checkPassword('1234567'))).toBe('password_invalid');
    expect(codeOf(() => checkPassword('12345678'))).toBe('ok');
    expect(codeOf(() => checkPassword('x'.repeat(LIMITS.passwordMax + 1)))).toBe('password_invalid');
  });

  it('channel names drop a leading # and surrounding space, allow letters of any script, refuse spaces', () => {
    expect(checkChannelName(' #Design ')).toBe('Design');
    expect(checkChannelName('café-talk')).toBe('café-talk');
    for (const bad of ['', '#', 'two words', 'x'.repeat(81), 'a<b']) expect(codeOf(() => checkChannelName(bad)), bad).toBe('name_invalid');
  });

  it('message bodies are kept verbatim; empty and over-long ones are refused', () => {
    expect(checkMessageBody('  <b>hi</b>\n')).toBe('  <b>hi</b>\n');
    expect(codeOf(() => checkMessageBody(' \n\t'))).toBe('empty');
    expect(codeOf(() => checkMessageBody('x'.repeat(LIMITS.messageMax + 1)))).toBe('too_long');
    expect(codeOf(() => checkTopic('x'.repeat(LIMITS.topicMax + 1)))).toBe('invalid');
  });
});
