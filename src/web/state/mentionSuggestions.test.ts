import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../shared/protocol.js';
import { MentionLookup } from './mentionSuggestions.js';

const user = (id: number, username: string): User => ({ id, username, createdAt: 0, role: 'member' });
const MEMBERS = [user(1, 'ann'), user(2, 'bob'), user(3, 'bobby')];
const WORKSPACE = [...MEMBERS, user(4, 'bea'), user(5, 'boris'), user(6, 'carl')];

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A server holding WORKSPACE, MEMBERS in every conversation, answering `limit` rows a page. */
function lookup({ fail = false, crowd = false } = {}) {
  const requests: string[] = [];
  // Ten more people called "bx…": "b" then has more people than one answer holds.
  const workspace = crowd ? [...WORKSPACE, ...Array.from({ length: 10 }, (_, i) => user(10 + i, `bx${i}`))] : WORKSPACE;
  const page = (all: User[], prefix: string, limit: number) => {
    if (fail) return Promise.reject(new Error('offline'));
    const found = all.filter((u) => u.username.startsWith(prefix));
    return Promise.resolve({ items: found.slice(0, limit), next: found.length > limit ? found[limit - 1]!.username : null });
  };
  const l = new MentionLookup({
    members: (conversationId, prefix, limit) => (requests.push(`members ${conversationId} "${prefix}"`), page(MEMBERS, prefix, limit)),
    people: (prefix, limit) => (requests.push(`people "${prefix}"`), page(workspace, prefix, limit)),
    delayMs: 100,
  });
  const names = (prefix: string, known?: User[]) => {
    const { members, others } = l.candidates(7, prefix, known);
    return { members: members.map((u) => u.username), others: others.map((u) => u.username) };
  };
  return { l, requests, names };
}

describe('MentionLookup', () => {
  it('asks for members and people after a pause, once per prefix however often it is rendered', async () => {
    const { requests, names } = lookup();
    expect(names('b')).toEqual({ members: [], others: [] });
    await vi.advanceTimersByTimeAsync(50);
    names('b'); // a render in the pause does not restart it
    await vi.advanceTimersByTimeAsync(60);
    expect(requests).toEqual(['members 7 "b"', 'people "b"']);
    expect(names('b')).toEqual({ members: ['bob', 'bobby'], others: ['bob', 'bobby', 'bea', 'boris'] });
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(2);
  });

  it('answers a longer prefix from a complete shorter one without asking', async () => {
    const { requests, names } = lookup();
    names('');
    await vi.runAllTimersAsync();
    expect(names('bob')).toEqual({ members: ['bob', 'bobby'], others: ['bob', 'bobby'] });
    await vi.runAllTimersAsync();
    expect(requests).toEqual(['members 7 ""', 'people ""']);
  });

  it('never asks for a prefix typed over during the pause, and shows a shorter answer meanwhile', async () => {
    const { requests, names } = lookup({ crowd: true });
    names('b');
    await vi.runAllTimersAsync();
    names('bo');
    // "bo" was typed over; "bor" waits, and the answer for "b" (complete for members, not for people) stands in.
    expect(names('bor')).toEqual({ members: [], others: ['boris'] });
    await vi.runAllTimersAsync();
    expect(requests).toEqual(['members 7 "b"', 'people "b"', 'people "bor"']);
  });

  it('takes the members of a DM as given, asking only for other people', async () => {
    const { requests, names } = lookup();
    names('b', [user(2, 'bob'), user(9, 'zed')]);
    await vi.runAllTimersAsync();
    expect(requests).toEqual(['people "b"']);
    expect(names('b', [user(2, 'bob'), user(9, 'zed')]).members).toEqual(['bob']);
  });

  it('does not ask again after a failure until cleared, and forgets its answers when cleared', async () => {
    const { l, requests, names } = lookup({ fail: true });
    names('a');
    await vi.runAllTimersAsync();
    names('a');
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(2);
    l.clear();
    names('a');
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(4);
  });
});
