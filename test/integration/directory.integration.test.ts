// The people directory and paged lists: what a boot no longer carries is fetched on demand, within bounds, and
// tells nobody what they may not know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/shared/protocol.js';
import {
  call, errorCode, newClient, PASSWORD, sendJson, signUp, startTestServer, uniqueName, type TestServer,
} from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the boot snapshot', () => {
  it('carries your conversations and the people they name, not the workspace', async () => {
    const alice = await newClient(server);
    const bob = await signUp(server);
    const stranger = await signUp(server);
    const { conversation: other } = await call((await newClient(server)).socket, 'channel:create', {
      name: uniqueName('elsewhere'),
      visibility: 'public',
    });
    const { conversation: dm } = await call(alice.socket, 'dm:open', { userIds: [bob.user.id] });
    const state = await call(alice.socket, 'state', {});
    expect(state.users.map((u) => u.id)).toEqual([bob.user.id]);
    expect(state.conversations.every((c) => c.isMember)).toBe(true);
    expect(state.conversations.map((c) => c.id)).toContain(dm.id);
    expect(state.conversations.map((c) => c.id)).not.toContain(other.id);
    expect(JSON.stringify(state)).not.toContain(stranger.user.username);
    alice.socket.close();
  });
});

describe('users:get and users:search', () => {
  it('find people by id and by the start of their name, page by page, deleted accounts marked or left out', async () => {
    const stem = uniqueName('dir').slice(0, 20).toLowerCase();
    const people = [];
    for (const suffix of ['a', 'b', 'c', 'd', 'e']) people.push(await signUp(server, `${stem}${suffix}`));
    const gone = await signUp(server, `${stem}f`);
    const asker = await newClient(server);
    await sendJson('DELETE', server.url, '/api/auth/account', { password: PASSWORD }, { authorization: `Bearer ${gone.token}` });

    const first = await call(asker.socket, 'users:search', { query: stem.toUpperCase(), limit: 2 });
    expect(first.users.map((u) => u.username)).toEqual([`${stem}a`, `${stem}b`]);
    expect(first.users[0]).toEqual({ ...people[0]!.user, online: false });
    const rest = await call(asker.socket, 'users:search', { query: stem, after: first.next!, limit: 10 });
    expect(rest).toMatchObject({ next: null });
    expect(rest.users.map((u) => u.username)).toEqual([`${stem}c`, `${stem}d`, `${stem}e`]); // f deleted its account
    const everyone = (await call(asker.socket, 'users:search', { query: '', limit: LIMITS.directoryPageMax })).users.map((u) => u.username.toLowerCase());
    expect(everyone).toEqual(expect.arrayContaining(people.map((p) => p.user.username)));
    expect(everyone).toEqual([...everyone].sort());
    expect((await call(asker.socket, 'users:search', { query: `${stem}zz` })).users).toEqual([]);

    const byId = await call(asker.socket, 'users:get', { ids: [gone.user.id, people[1]!.user.id, 987654, people[1]!.user.id] });
    expect(byId.users).toEqual([
      { ...people[1]!.user, online: false },
      { ...gone.user, deactivated: true, online: false },
    ].sort((a, b) => a.id - b.id));
    asker.socket.close();
  });

  it('refuse oversized and malformed requests with `invalid`, and keep serving', async () => {
    const asker = await newClient(server);
    const bad: [string, unknown][] = [
      ['users:search', { query: 'x'.repeat(10_000) }],
      ['users:search', { query: 'a', limit: 0 }],
      ['users:search', { query: 'a', limit: LIMITS.directoryPageMax + 1 }],
      ['users:search', {}],
      ['users:get', { ids: Array.from({ length: LIMITS.usersPerGet + 1 }, (_, i) => i + 1) }],
      ['users:get', { ids: ['1'] }],
      ['presence:watch', { userIds: Array.from({ length: LIMITS.presenceWatchMax + 1 }, (_, i) => i + 1) }],
      ['channels:browse', { limit: 1_000 }],
      ['conversation:members', { conversationId: 1, limit: LIMITS.membersPageMax + 1 }],
    ];
    for (const [event, payload] of bad) expect(await errorCode(asker.socket, event as 'users:search', payload as never), event).toBe('invalid');
    // Past the end: an empty page, not an error.
    expect(await call(asker.socket, 'users:search', { query: 'a', after: '\u{10FFFF}' })).toEqual({ users: [], next: null });
    expect((await call(asker.socket, 'users:get', { ids: [asker.user.id] })).users).toHaveLength(1);
    asker.socket.close();
  });

  it('charge by size: a full presence:watch costs more than a small one, so floods are refused early', async () => {
    const limited = await startTestServer({ rateLimits: true });
    try {
      const asker = await newClient(limited);
      const refusedAfter = async (userIds: number[]) => {
        for (let i = 1; i <= 200; i++) {
          const code = await errorCode(asker.socket, 'presence:watch', { userIds }).catch(() => null);
          if (code === 'rate_limited') return i;
        }
        return Infinity;
      };
      // 11 tokens each of the 120 an account holds (refilled slowly): the eleventh or so is refused.
      const full = await refusedAfter(Array.from({ length: LIMITS.presenceWatchMax }, (_, i) => i + 1));
      expect(full).toBeGreaterThan(5);
      expect(full).toBeLessThan(15);
      asker.socket.close();
    } finally {
      await limited.close();
    }
  });
});

describe('paged lists', () => {
  it('conversation:members pages by username; a private channel’s members stay private', async () => {
    const owner = await newClient(server);
    const stem = uniqueName('m').slice(0, 20).toLowerCase();
    const members = [];
    for (const suffix of ['1', '2', '3']) members.push(await newClient(server, `${stem}${suffix}`));
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('crew'), visibility: 'private' });
    for (const m of members) await call(owner.socket, 'channel:invite', { conversationId: conversation.id, username: m.user.username });

    const first = await call(owner.socket, 'conversation:members', { conversationId: conversation.id, limit: 2 });
    const second = await call(owner.socket, 'conversation:members', { conversationId: conversation.id, limit: 2, after: first.next! });
    const names = [...first.members, ...second.members].map((u) => u.username);
    expect(names).toEqual([owner.user.username, ...members.map((m) => m.user.username)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(second.next).toBeNull();

    const outsider = await newClient(server);
    expect(await errorCode(outsider.socket, 'conversation:members', { conversationId: conversation.id })).toBe('not_found');
    // People are public, memberships are not: looking them up says nothing about the channel.
    const looked = await call(outsider.socket, 'users:get', { ids: members.map((m) => m.user.id) });
    expect(JSON.stringify(looked)).not.toContain(String(conversation.name));
    expect(looked.users.every((u) => Object.keys(u).sort().join() === 'createdAt,id,online,role,username')).toBe(true);
    for (const c of [owner, outsider, ...members]) c.socket.close();
  });

  it('conversation:members finds members by the start of their username, never anyone outside the channel', async () => {
    const owner = await newClient(server);
    const stem = uniqueName('q').slice(0, 20).toLowerCase();
    const inside = [await newClient(server, `${stem}b`), await newClient(server, `${stem}a`)];
    await signUp(server, `${stem}c`); // matches the prefix but is not a member
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('ask'), visibility: 'private' });
    for (const m of inside) await call(owner.socket, 'channel:invite', { conversationId: conversation.id, username: m.user.username });

    const found = await call(owner.socket, 'conversation:members', { conversationId: conversation.id, query: stem.toUpperCase() });
    expect(found).toEqual({ members: [expect.objectContaining({ username: `${stem}a` }), expect.objectContaining({ username: `${stem}b` })], next: null });
    const paged = await call(owner.socket, 'conversation:members', { conversationId: conversation.id, query: stem, limit: 1 });
    expect(paged.members.map((u) => u.username)).toEqual([`${stem}a`]);
    const rest = await call(owner.socket, 'conversation:members', { conversationId: conversation.id, query: stem, after: paged.next! });
    expect(rest).toMatchObject({ members: [expect.objectContaining({ username: `${stem}b` })], next: null });
    expect((await call(owner.socket, 'conversation:members', { conversationId: conversation.id, query: '' })).members).toHaveLength(3);

    for (const query of ['x'.repeat(LIMITS.usernameMax + 1), 7, '\u0000']) {
      expect(await errorCode(owner.socket, 'conversation:members', { conversationId: conversation.id, query } as never)).toBe('invalid');
    }
    const outsider = await newClient(server);
    expect(await errorCode(outsider.socket, 'conversation:members', { conversationId: conversation.id, query: stem })).toBe('not_found');
    for (const c of [owner, outsider, ...inside]) c.socket.close();
  });

  it('channels:browse pages public channels by name and finds them by the start of their name', async () => {
    const alice = await newClient(server);
    const stem = uniqueName('browse').slice(0, 20).toLowerCase();
    for (const suffix of ['-c', '-a', '-b']) await call(alice.socket, 'channel:create', { name: `${stem}${suffix}`, visibility: 'public' });
    await call(alice.socket, 'channel:create', { name: `${stem}-secret`, visibility: 'private' });
    const bob = await newClient(server);
    const first = await call(bob.socket, 'channels:browse', { query: stem.toUpperCase(), limit: 2 });
    expect(first.channels.map((c) => [c.name, c.isMember])).toEqual([[`${stem}-a`, false], [`${stem}-b`, false]]);
    const rest = await call(bob.socket, 'channels:browse', { query: stem, after: first.next! });
    expect(rest).toMatchObject({ next: null, channels: [expect.objectContaining({ name: `${stem}-c` })] });
    for (const c of [alice, bob]) c.socket.close();
  });
});
