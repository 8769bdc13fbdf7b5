import { describe, expect, it } from 'vitest';
import { channelNameKey } from '../shared/channel-name-key.js';
import { LIMITS } from '../shared/protocol.js';
import { FlackError } from './errors.js';
import { checkChannelName, checkMessageBody, checkPassword, checkTopic, checkUsername, checkWorkspaceIcon, checkWorkspaceName } from './rules.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as FlackError).code;
  }
  return 'ok';
};

describe('rules', () => {
  it('a workspace is named in 1–80 visible characters on one line; its icon is one emoji or up to two letters', () => {
    for (const ok of ['Acme', '  Acme Co  ', 'Société Générale', '東京チーム']) expect(codeOf(() => checkWorkspaceName(ok))).toBe('ok');
    for (const bad of ['', '   ', '\u200b', 'a\nb', 'x'.repeat(81)]) expect(codeOf(() => checkWorkspaceName(bad))).toBe('name_invalid');
    for (const ok of ['', '🚀', 'AC', 'é', '👩🏽‍💻', '🇫🇷', '1']) expect(codeOf(() => checkWorkspaceIcon(ok))).toBe('ok');
    for (const bad of ['abc', '🚀🚀🚀', '\u200b']) expect(codeOf(() => checkWorkspaceIcon(bad))).toBe('invalid');
  });

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

  it('passwords and usernames with a lone surrogate are refused (UTF-8 would turn every one into U+FFFD)', () => {
    for (const bad of ['password\uD800', 'password\uDFFF', '\uDC00password', 'pass\uDBFFword']) {
      expect(codeOf(() => checkPassword(bad)), JSON.stringify(bad)).toBe('password_invalid');
    }
    for (const bad of ['abc\uD800', 'abc\uDFFF']) expect(codeOf(() => checkUsername(bad))).toBe('username_invalid');
    expect(codeOf(() => checkPassword('password \u{1F511}'))).toBe('ok'); // a surrogate pair is a character
  });

  it('channel names drop a leading # and surrounding space, allow letters of any script, refuse spaces', () => {
    expect(checkChannelName(' #Design ')).toBe('Design');
    expect(checkChannelName('café-talk')).toBe('café-talk');
    for (const bad of ['', '#', 'two words', 'x'.repeat(81), 'a<b']) expect(codeOf(() => checkChannelName(bad)), bad).toBe('name_invalid');
  });

  it('channel names are NFKC-normalised, and refused when invisible characters or mixed scripts make them look like another', () => {
    expect(checkChannelName('ｇｅｎｅｒａｌ')).toBe('general');
    expect(checkChannelName('＃design')).toBe('design');
    for (const ok of ['général', 'генерал', 'γενικά', 'עברית', '日本語-チーム', 'dev-日本', '개발-팀', 'team_42', '中文-ㄅ']) {
      expect(codeOf(() => checkChannelName(ok)), ok).toBe('ok');
    }
    const lookAlikes = [
      'g\u0435neral', // Cyrillic е
      'p\u0430yroll', // Cyrillic а
      '\u03B1lpha', // Greek α
      'gen\u3164eral', // Hangul filler, a letter that renders blank
      '\u3164', '\u115F\u1160', '\uFFA0',
      'gen\u200Beral', 'gen\u00ADeral', 'general\uFE0F', 'gen\u034Feral',
      '개발-にほん', // Hangul with kana: no one writing system
    ];
    for (const bad of lookAlikes) expect(codeOf(() => checkChannelName(bad)), JSON.stringify(bad)).toBe('name_invalid');
  });

  it('look-alike channel names share one key, different ones do not', () => {
    const key = channelNameKey('general');
    for (const same of ['General', 'GENERAL', 'ｇｅｎｅｒａｌ', 'g\u0435neral', 'gener\u0430l']) expect(channelNameKey(same), same).toBe(key);
    expect(channelNameKey('rn')).toBe(channelNameKey('m'));
    expect(channelNameKey('g0')).toBe(channelNameKey('go'));
    expect(channelNameKey('général')).not.toBe(key);
    expect(channelNameKey('generals')).not.toBe(key);
  });

  it('message bodies are kept verbatim; empty and over-long ones are refused', () => {
    expect(checkMessageBody('  <b>hi</b>\n')).toBe('  <b>hi</b>\n');
    expect(codeOf(() => checkMessageBody(' \n\t'))).toBe('empty');
    for (const invisible of ['\u200B', '\u0001', '\u3164', '\u115F\u1160', '\uFFA0', '\uFEFF', '\u2060', '\u00AD',
      '\u034F', '\uFE0F', '\u{E0020}\u{E007F}', '\u2800', '\u200E\u202E', ' \u200B\u3000\u0001\n']) {
      expect(codeOf(() => checkMessageBody(invisible)), JSON.stringify(invisible)).toBe('empty');
    }
    for (const visible of ['\u200Bhi', '\u{1F469}\u200D\u{1F4BB}', '\u3164\u3131', '.']) {
      expect(codeOf(() => checkMessageBody(visible)), JSON.stringify(visible)).toBe('ok');
    }
    expect(codeOf(() => checkMessageBody('x'.repeat(LIMITS.messageMax + 1)))).toBe('too_long');
    expect(codeOf(() => checkTopic('x'.repeat(LIMITS.topicMax + 1)))).toBe('invalid');
  });
});
