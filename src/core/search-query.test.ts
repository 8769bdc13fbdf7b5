import { describe, expect, it } from 'vitest';
import { FlackError } from './errors.js';
import { fold, highlight, parseSearchQuery } from './search-query.js';

const codeOf = (query: string) => {
  try {
    parseSearchQuery(query);
    return 'ok';
  } catch (error) {
    return error instanceof FlackError ? error.code : 'thrown';
  }
};
const words = (query: string) => parseSearchQuery(query).terms.map((t) => (t.negated ? `-${t.text}` : t.text));
const DAY = 86_400_000;

describe('the search query language', () => {
  it('folds case and accents, one character at a time', () => {
    expect(fold('Café ÉCOLE naïve Straße İstanbul')).toBe('cafe ecole naive straße istanbul');
    expect(fold('東京タワー 한국어')).toBe('東京タワー 한국어');
  });

  it('reads free words, "exact phrases" and -excluded words, each folded', () => {
    expect(words('Deploy  "the   Hostname" -café')).toEqual(['deploy', 'the hostname', '-cafe']);
    expect(words('-"old build" tests')).toEqual(['-old build', 'tests']);
  });

  it('reads the operators, with or without their sigils', () => {
    const query = parseSearchQuery('from:@Ann from:bob in:#General in:@Carol in:random has:link');
    expect(query).toMatchObject({ from: ['ann', 'bob'], inChannels: ['general', 'random'], inDmWith: ['carol'], hasLink: true, terms: [] });
    expect(parseSearchQuery('has:file has:IMAGE x:y report')).toMatchObject({ hasFile: true, hasImage: true, hasLink: false });
  });

  it('turns dates into UTC bounds: before a day, after a day, during a day or a month, intersected', () => {
    const day = Date.UTC(2026, 2, 15);
    expect(parseSearchQuery('before:2026-03-15')).toMatchObject({ before: day });
    expect(parseSearchQuery('after:2026-03-15')).toMatchObject({ after: day + DAY });
    expect(parseSearchQuery('during:2026-03-15')).toMatchObject({ after: day, before: day + DAY });
    expect(parseSearchQuery('during:2026-02')).toMatchObject({ after: Date.UTC(2026, 1, 1), before: Date.UTC(2026, 2, 1) });
    expect(parseSearchQuery('during:2026-03 before:2026-03-15 after:2026-03-01')).toMatchObject({
      after: Date.UTC(2026, 2, 2),
      before: day,
    });
  });

  it('refuses dates that do not exist, and a month where a day is needed', () => {
    for (const query of ['before:2026-02-30', 'after:2026-13-01', 'during:2026-3', 'before:2026-03', 'after:yesterday']) {
      expect(codeOf(query), query).toBe('invalid');
    }
  });

  it('treats unknown operators, empty values, has:anything-else and quoted operators as words', () => {
    expect(words('error:disk from: has:files "from:ann" -in:#x')).toEqual(['error:disk', 'from:', 'has:files', 'from:ann', '-in:#x']);
  });

  it('refuses words and phrases under three characters, but allows two-character CJK words (unindexed)', () => {
    for (const query of ['ab', 'fine ok', '"a"', '-no deploy', '東', 'OR', '*', '^']) expect(codeOf(query), query).toBe('query_too_short');
    expect(parseSearchQuery('東京 会議室').terms).toEqual([
      { text: '東京', negated: false, indexed: false },
      { text: '会議室', negated: false, indexed: true },
    ]);
  });

  it('needs something to look for: a word, or at least one filter', () => {
    for (const query of ['', '   ', '""', '-deploy', '- -']) expect(codeOf(query), JSON.stringify(query)).toBe('query_too_short');
    expect(codeOf('from:@ann')).toBe('ok');
    expect(codeOf('has:link -deploy')).toBe('ok');
  });

  it('takes at most ten terms', () => {
    expect(codeOf(Array.from({ length: 10 }, (_, i) => `word${i}`).join(' '))).toBe('ok');
    expect(codeOf(Array.from({ length: 11 }, (_, i) => `word${i}`).join(' '))).toBe('invalid');
  });

  it('passes search-engine syntax through as plain words', () => {
    expect(words('NEAR(abc def) AND "unbalanced')).toEqual(['near(abc', 'def)', 'and', 'unbalanced']);
    expect(codeOf('NEAR(a')).toBe('ok');
    expect(words('.*[a-z]+$ \\d{3}')).toEqual(['.*[a-z]+$', '\\d{3}']);
  });
});

describe('highlights', () => {
  const ranges = (body: string, query: string) => highlight(body, parseSearchQuery(query)).map((h) => body.slice(h.start, h.end));

  it('mark every occurrence of each word and phrase in the original text, never the excluded ones', () => {
    expect(ranges('Ping the HOSTNAME.test.com host, then ping hostname again', 'hostna ping -then')).toEqual([
      'Ping',
      'HOSTNA',
      'ping',
      'hostna',
    ]);
  });

  it('map folded matches back to the accented, decomposed or astral characters they came from', () => {
    expect(ranges('Un CAFÉ au lait', 'cafe')).toEqual(['CAFÉ']);
    expect(ranges('cafe\u0301 noir', 'cafe noir')).toEqual(['cafe\u0301', 'noir']);
    expect(ranges('🎉 party 東京タワー', '東京 party')).toEqual(['party', '東京']);
  });

  it('merge overlapping matches', () => {
    expect(highlight('aaaa', parseSearchQuery('aaa'))).toEqual([{ start: 0, end: 4 }]);
    expect(ranges('deployment', 'deploy ploym')).toEqual(['deploym']);
  });

  it('are empty for a query of filters only', () => {
    expect(highlight('anything', parseSearchQuery('from:@ann'))).toEqual([]);
  });
});
