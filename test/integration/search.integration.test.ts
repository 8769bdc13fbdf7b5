import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../src/shared/protocol.js';
import {
  call,
  errorCode,
  newClient,
  nextEvent,
  request,
  startTestServer,
  type ClientSocket,
  type TestServer,
  uniqueName,
} from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

let sent = 0;
const say = (socket: ClientSocket, conversationId: number, body: string, threadId?: number) =>
  call(socket, 'message:send', { conversationId, clientId: `s${++sent}`, body, ...(threadId && { threadId }) }).then((r) => r.message);
const search = (socket: ClientSocket, query: string, page: { before?: number; limit?: number } = {}) =>
  call(socket, 'search', { query, ...page });
const bodies = (page: SearchPage) => page.results.map((r) => r.message.body);

async function channel(owner: ClientSocket, visibility: 'public' | 'private' = 'public') {
  return (await call(owner, 'channel:create', { name: uniqueName('s'), visibility })).conversation;
}

describe('search', () => {
  it('finds substrings in the reader’s conversations, newest first, with the conversation and highlights', async () => {
    const ann = await newClient(server);
    const word = uniqueName('zebra'); // unique to this test, so the shared server's other messages never match
    const room = await channel(ann.socket);
    const older = await say(ann.socket, room.id, `Deploying ${word} to HOSTNAME.test.com`);
    const newer = await say(ann.socket, room.id, `is ${word} on hostname.test.com up? Café`);
    await say(ann.socket, room.id, 'unrelated');
    const page = await search(ann.socket, `${word} hostna`);
    expect(page.next).toBeNull();
    expect(page.results.map((r) => r.message.id)).toEqual([newer.id, older.id]);
    expect(page.results[1]).toEqual({
      conversationId: room.id,
      message: older,
      highlights: [
        { start: 10, end: 10 + word.length },
        { start: 14 + word.length, end: 20 + word.length },
      ],
    });
    const [first] = page.results;
    expect(first!.highlights.map((h) => first!.message.body.slice(h.start, h.end))).toEqual([word, 'hostna']);
    expect(bodies(await search(ann.socket, `${word} cafe`))).toEqual([newer.body]);
    ann.socket.close();
  });

  it('finds thread replies, CJK words and phrases; pages with `next`', async () => {
    const ann = await newClient(server);
    const word = uniqueName('tokyo');
    const room = await channel(ann.socket);
    const root = await say(ann.socket, room.id, `${word} 東京タワーに行く`);
    const reply = await say(ann.socket, room.id, `${word} reply in the thread`, root.id);
    expect(bodies(await search(ann.socket, `${word} 東京`))).toEqual([root.body]);
    expect(bodies(await search(ann.socket, `"${word} reply in"`))).toEqual([reply.body]);
    for (let i = 0; i < 5; i++) await say(ann.socket, room.id, `${word} page ${i}`);
    const first = await search(ann.socket, `${word} page`, { limit: 3 });
    expect(bodies(first)).toEqual([4, 3, 2].map((i) => `${word} page ${i}`));
    const second = await search(ann.socket, `${word} page`, { limit: 3, before: first.next! });
    expect(bodies(second)).toEqual([1, 0].map((i) => `${word} page ${i}`));
    expect(second.next).toBeNull();
    ann.socket.close();
  });

  it('filters by author, channel, DM partner and links', async () => {
    const ann = await newClient(server);
    const bob = await newClient(server);
    const word = uniqueName('filter');
    const room = await channel(ann.socket);
    await call(ann.socket, 'channel:invite', { conversationId: room.id, username: bob.user.username });
    const { conversation: pair } = await call(ann.socket, 'dm:open', { userIds: [bob.user.id] });
    await say(ann.socket, room.id, `${word} from ann, see https://example.com`);
    await say(bob.socket, room.id, `${word} from bob`);
    await say(bob.socket, pair.id, `${word} in private`);
    expect(bodies(await search(ann.socket, `${word} from:@${bob.user.username}`))).toEqual([`${word} in private`, `${word} from bob`]);
    expect(bodies(await search(ann.socket, `${word} in:#${room.name}`))).toEqual([`${word} from bob`, `${word} from ann, see https://example.com`]);
    expect(bodies(await search(ann.socket, `${word} in:@${bob.user.username.toUpperCase()}`))).toEqual([`${word} in private`]);
    expect(bodies(await search(ann.socket, `${word} has:link`))).toEqual([`${word} from ann, see https://example.com`]);
    // Operators alone are a search: everything bob wrote to ann, newest first.
    expect(bodies(await search(ann.socket, `from:${bob.user.username}`)).slice(0, 2)).toEqual([`${word} in private`, `${word} from bob`]);
    ann.socket.close();
    bob.socket.close();
  });
});

describe('search never shows what the reader cannot read now', () => {
  it('a DM of other people, a private channel one is not in, and a public channel one has not joined', async () => {
    const [ann, bob, eve] = [await newClient(server), await newClient(server), await newClient(server)];
    const word = uniqueName('leak');
    const { conversation: pair } = await call(ann.socket, 'dm:open', { userIds: [bob.user.id] });
    await say(ann.socket, pair.id, `${word} between us`);
    await say(ann.socket, (await channel(ann.socket, 'private')).id, `${word} secret`);
    await say(ann.socket, (await channel(ann.socket, 'public')).id, `${word} public, but eve never joined`);
    expect(bodies(await search(eve.socket, word))).toEqual([]);
    expect(bodies(await search(eve.socket, `in:@${ann.user.username}`))).toEqual([]);
    expect(bodies(await search(bob.socket, word))).toEqual([`${word} between us`]);
    for (const c of [ann, bob, eve]) c.socket.close();
  });

  it('after leaving a private channel, a public channel and a group DM', async () => {
    const [ann, eve, bob] = [await newClient(server), await newClient(server), await newClient(server)];
    const word = uniqueName('left');
    const secret = await channel(ann.socket, 'private');
    await call(ann.socket, 'channel:invite', { conversationId: secret.id, username: eve.user.username });
    const open = await channel(ann.socket, 'public');
    await call(eve.socket, 'channel:join', { conversationId: open.id });
    const { conversation: group } = await call(ann.socket, 'dm:open', { userIds: [eve.user.id, bob.user.id] });
    for (const id of [secret.id, open.id, group.id]) await say(ann.socket, id, `${word} in ${id}`);
    expect(await search(eve.socket, word).then((p) => p.results.length)).toBe(3);
    await call(eve.socket, 'channel:leave', { conversationId: secret.id });
    await call(eve.socket, 'channel:leave', { conversationId: open.id });
    await call(eve.socket, 'dm:leave', { conversationId: group.id });
    expect(bodies(await search(eve.socket, word))).toEqual([]);
    expect(bodies(await search(eve.socket, `from:@${ann.user.username} in:#${secret.name}`))).toEqual([]);
    for (const c of [ann, eve, bob]) c.socket.close();
  });

  it('after being removed from a private channel', async () => {
    const [ann, eve] = [await newClient(server), await newClient(server)];
    const word = uniqueName('removed');
    const secret = await channel(ann.socket, 'private');
    await call(ann.socket, 'channel:invite', { conversationId: secret.id, username: eve.user.username });
    await say(ann.socket, secret.id, `${word} while eve was here`);
    expect(bodies(await search(eve.socket, word))).toEqual([`${word} while eve was here`]);
    const removed = nextEvent(eve.socket, 'conversation:removed', (p) => p.conversationId === secret.id);
    await call(ann.socket, 'channel:remove', { conversationId: secret.id, userId: eve.user.id });
    await removed;
    await say(ann.socket, secret.id, `${word} after eve left`);
    expect(bodies(await search(eve.socket, word))).toEqual([]);
    expect(bodies(await search(ann.socket, word))).toEqual([`${word} after eve left`, `${word} while eve was here`]);
    ann.socket.close();
    eve.socket.close();
  });

  it('a deleted message, an edited message’s old text, and system messages', async () => {
    const ann = await newClient(server);
    const word = uniqueName('gone');
    const room = await channel(ann.socket);
    const doomed = await say(ann.socket, room.id, `${word} delete me`);
    const typo = await say(ann.socket, room.id, `${word} teh typo`);
    await call(ann.socket, 'message:delete', { messageId: doomed.id });
    await call(ann.socket, 'message:edit', { messageId: typo.id, body: `${word} the typo` });
    expect(bodies(await search(ann.socket, word))).toEqual([`${word} the typo`]);
    expect(bodies(await search(ann.socket, `${word} teh`))).toEqual([]);
    await call(ann.socket, 'channel:update', { conversationId: room.id, topic: `${word} topic` });
    expect(bodies(await search(ann.socket, `in:#${room.name}`))).toEqual([`${word} the typo`]);
    ann.socket.close();
  });

  it('a deleted channel', async () => {
    const [ann, eve] = [await newClient(server), await newClient(server)];
    const word = uniqueName('deleted');
    const room = await channel(ann.socket, 'private');
    await call(ann.socket, 'channel:invite', { conversationId: room.id, username: eve.user.username });
    await say(eve.socket, room.id, `${word} in a doomed channel`);
    await call(ann.socket, 'channel:delete', { conversationId: room.id });
    expect(bodies(await search(ann.socket, word))).toEqual([]);
    expect(bodies(await search(eve.socket, `from:@${eve.user.username}`))).toEqual([]);
    ann.socket.close();
    eve.socket.close();
  });
});

describe('search input', () => {
  it('refuses words under three characters and queries with nothing to look for, as query_too_short', async () => {
    const ann = await newClient(server);
    for (const query of ['a', 'ok', 'deploy ok', '"ab"', '', '   ', '-deploy', '*', '^', 'OR', '東']) {
      expect(await errorCode(ann.socket, 'search', { query }), JSON.stringify(query)).toBe('query_too_short');
    }
    ann.socket.close();
  });

  it('refuses oversized queries and pages, bad dates and too many terms, as invalid', async () => {
    const ann = await newClient(server);
    const cases = [
      { query: 'x'.repeat(10_000) },
      { query: 'x'.repeat(257) },
      { query: 'deploy', limit: 51 },
      { query: 'deploy', limit: 0 },
      { query: 'deploy', before: -1 },
      { query: 'before:2026-02-30' },
      { query: 'during:yesterday deploy' },
      { query: Array.from({ length: 11 }, (_, i) => `word${i}`).join(' ') },
      { query: 'bad\u0000byte' },
    ];
    for (const payload of cases) expect(await errorCode(ann.socket, 'search', payload), JSON.stringify(payload).slice(0, 60)).toBe('invalid');
    expect((await request(ann.socket, 'search', { query: 42 } as never)).ok).toBe(false);
    ann.socket.close();
  });

  it('takes full-text, LIKE and regex syntax as plain text: correct results, and the server keeps serving', async () => {
    const ann = await newClient(server);
    const word = uniqueName('syntax');
    const room = await channel(ann.socket);
    const tricky = [`${word} NEAR(a b) AND c*`, `${word} 100% sure_thing`, `${word} say "hello" OR ^start`, `${word} .*[a-z]+$`];
    for (const body of tricky) await say(ann.socket, room.id, body);
    const cases: [string, string[]][] = [
      [`${word} NEAR(a`, [tricky[0]!]],
      [`${word} "b) AND c*"`, [tricky[0]!]],
      [`${word} 00%`, [tricky[1]!]],
      [`${word} e_t`, [tricky[1]!]],
      [`${word} hello"`, [tricky[2]!]],
      [`${word} "unbalanced`, []],
      [`${word} " OR ^st`, [tricky[2]!]],
      [`${word} .*[a-z]+$`, [tricky[3]!]],
      [`${word} AND`, [tricky[0]!]],
      [`${word} """"`, tricky.slice().reverse()],
      [`${word} -"sure_thing"`, [tricky[3]!, tricky[2]!, tricky[0]!]],
      [`${word} ")))"`, []],
      [`${word} in:#"x`, []],
    ];
    for (const [query, expected] of cases) expect(bodies(await search(ann.socket, query)), query).toEqual(expected);
    expect(await errorCode(ann.socket, 'search', { query: `${word} " * "` })).toBe('query_too_short');
    expect(await call(ann.socket, 'state', {})).toHaveProperty('me');
    ann.socket.close();
  });
});
