import { describe, expect, it } from 'vitest';
import { parseMentions } from '../../core/mentions.js';
import type { User } from '../../shared/protocol.js';
import { insertMention, mentionAt, rankSuggestions, suggestionName, type Candidates } from './autocomplete.js';

const user = (id: number, username: string, deactivated?: true): User => ({ id, username, createdAt: 0, role: 'member', ...(deactivated && { deactivated }) });
/** `|` marks the caret. */
const at = (marked: string) => mentionAt(marked.replace('|', ''), marked.indexOf('|'));

describe('mentionAt', () => {
  it('finds the "@name" the caret is in, right after the "@" too', () => {
    expect(at('@|')).toEqual({ start: 0, end: 1, prefix: '' });
    expect(at('hi @bo|')).toEqual({ start: 3, end: 6, prefix: 'bo' });
    expect(at('hi @bo|b, look')).toEqual({ start: 3, end: 7, prefix: 'bo' });
    expect(at('(@ann.l|')).toEqual({ start: 1, end: 7, prefix: 'ann.l' });
    expect(at('line\n@x|')).toEqual({ start: 5, end: 7, prefix: 'x' });
  });

  it('is nothing where the server would not see a mention, or once the name is over', () => {
    for (const marked of ['mail@ann|', 'x.@a|', '@@a|', 'a-@b|', '@ann |', 'ann|', '|@ann', '@ann, |', '', '|']) {
      expect(at(marked), marked).toBeNull();
    }
  });

  it('agrees with the server on what a mention is', () => {
    for (const body of ['@ann', 'hi @ann.lee', '(@bob)', 'a\n@cy-d']) {
      const token = mentionAt(body, body.indexOf('@') + 2);
      expect(token && body.slice(token.start + 1, token.end).toLowerCase(), body).toBe(parseMentions(body).usernames[0]);
    }
  });
});

describe('insertMention', () => {
  it('replaces the whole token with "@name " and puts the caret after the space', () => {
    expect(insertMention('hi @b', { start: 3, end: 5, prefix: 'b' }, 'bob')).toEqual({ text: 'hi @bob ', caret: 8 });
    expect(insertMention('@bo|b?'.replace('|', ''), { start: 0, end: 4, prefix: 'bo' }, 'bobby')).toEqual({ text: '@bobby ?', caret: 7 });
  });

  it('reuses a space that already follows', () => {
    expect(insertMention('@b and more', { start: 0, end: 2, prefix: 'b' }, 'bob')).toEqual({ text: '@bob and more', caret: 5 });
  });
});

describe('rankSuggestions', () => {
  const base: Candidates = { prefix: '', members: [], others: [], broadcasts: false };
  const names = (c: Partial<Candidates>) => rankSuggestions({ ...base, ...c }).map(suggestionName);

  it('offers members first, then other people, each by name with an exact match first', () => {
    const members = [user(3, 'bobby'), user(2, 'Bob'), user(4, 'carol')];
    const others = [user(5, 'bo'), user(6, 'Bea'), user(2, 'Bob')];
    expect(names({ prefix: 'b', members, others })).toEqual(['Bob', 'bobby', 'Bea', 'bo']);
    expect(names({ prefix: 'BO', members, others })).toEqual(['Bob', 'bobby', 'bo']);
    expect(names({ prefix: 'bob', members, others })).toEqual(['Bob', 'bobby']);
    expect(rankSuggestions({ ...base, prefix: 'b', members, others }).map((s) => s.kind === 'person' && s.member)).toEqual([true, true, false, false]);
  });

  it('never offers yourself or a deleted account, and at most eight', () => {
    const others = Array.from({ length: 12 }, (_, i) => user(10 + i, `p${String(i).padStart(2, '0')}`));
    expect(names({ prefix: 'p', others: [user(1, 'pat'), user(2, 'pam', true), ...others], meId: 1 })).toEqual(
      others.slice(0, 8).map((u) => u.username),
    );
  });

  it('offers @here and @channel after the members, in channels only, when they match', () => {
    const members = [user(2, 'hana'), user(3, 'chris')];
    const others = [user(4, 'hugo')];
    expect(names({ prefix: 'h', members, others, broadcasts: true })).toEqual(['hana', 'here', 'hugo']);
    expect(names({ prefix: 'c', members, broadcasts: true })).toEqual(['chris', 'channel']);
    expect(names({ prefix: 'h', members, others, broadcasts: false })).toEqual(['hana', 'hugo']);
    expect(rankSuggestions({ ...base, prefix: 'here', broadcasts: true })).toEqual([
      { kind: 'broadcast', name: 'here', description: 'notify online members' },
    ]);
  });
});
