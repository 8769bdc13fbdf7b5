// The one storage conformance suite: every Storage implementation runs it, so the domain core can rely on the
// promises in src/storage/storage.ts whichever database sits underneath.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationKind, Message, User } from '../../src/shared/protocol.js';
import {
  ReactionLimit,
  UniqueViolation,
  type AppendResult,
  type MessageMentions,
  type NewMessage,
  type Storage,
} from '../../src/storage/storage.js';
import { parseSearchQuery } from '../../src/core/search-query.js';
import { FilesUnavailable } from '../../src/storage/file-records.js';
import { describeIntegrationConformance } from './integration-conformance.js';
import { describeWorkspaceConformance } from './workspace-conformance.js';
import { describeOutgoingConformance } from './outgoing-conformance.js';
import { describePushConformance } from './push-conformance.js';

/**
 * Opens a NEW Storage instance (its own connection or pool) on the database called `db`. The same name must reach
 * the same data (reopen after close, several instances at once); a name not seen before must start empty.
 * The suite calls migrate() itself too (it must be harmless on a migrated database).
 */
export type OpenStorage = (db: string) => Promise<Storage>;

const T0 = 1_750_000_000_000; // a realistic ms timestamp: well past 2^31, so int32 truncation shows

export function describeStorageConformance(name: string, open: OpenStorage, cleanup?: () => Promise<void>): void {
  describe(`${name} storage conformance`, () => {
    let dbCount = 0;
    let db: string;
    let s: Storage;
    const live = new Set<Storage>();

    async function connect(dbName: string): Promise<Storage> {
      const storage = await open(dbName);
      live.add(storage);
      return storage;
    }
    async function close(storage: Storage): Promise<void> {
      live.delete(storage);
      await storage.close();
    }

    beforeEach(async () => {
      db = `db${++dbCount}`;
      s = await connect(db);
      await s.migrate();
    });
    afterEach(async () => {
      await Promise.all([...live].map(close));
    });
    if (cleanup) afterAll(cleanup);

    // ---------- fixtures ----------

    const user = (username: string, storage = s) =>
      storage.createUser({ username, passwordHash: `hash:${username}`, createdAt: T0 });
    const publicUser = ({ id, username, createdAt, role }: User): User => ({ id, username, createdAt, role });
    const channel = (name: string, by: User, kind: ConversationKind = 'public', members: User[] = [by]) =>
      s.createConversation({
        kind,
        name,
        topic: `about ${name}`,
        createdBy: by.id,
        createdAt: T0 + 1,
        dmKey: null,
        memberIds: members.map((m) => m.id),
      });
    const dmKey = (users: User[]) => users.map((u) => u.id).sort((a, b) => a - b).join(',');
    const dm = (users: User[]) =>
      s.createConversation({
        kind: 'dm',
        name: '',
        topic: '',
        createdBy: users[0]!.id,
        createdAt: T0 + 2,
        dmKey: dmKey(users),
        memberIds: users.map((u) => u.id),
      });
    const message = (conversationId: number, author: User, body: string, clientId: string | null = null): NewMessage => ({
      conversationId,
      authorId: author.id,
      kind: clientId === null ? 'system' : 'user',
      body,
      clientId,
      createdAt: T0 + 10,
    });
    let sent = 0;
    const post = (conversationId: number, author: User, body = 'hi', storage = s) =>
      storage.appendMessage(message(conversationId, author, body, `c${++sent}`));
    const postMany = async (conversationId: number, author: User, count: number) => {
      for (let i = 1; i <= count; i++) await post(conversationId, author, `m${i}`);
    };
    const seqs = (messages: { seq: number }[]) => messages.map((m) => m.seq);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const byId = <T extends { id: number }>(items: T[]) => [...items].sort((a, b) => a.id - b.id);

    async function expectUnique(promise: Promise<unknown>, constraint: UniqueViolation['constraint']) {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UniqueViolation);
      expect((error as UniqueViolation).constraint).toBe(constraint);
    }

    // ---------- lifecycle ----------

    it('answers a ping', async () => {
      await expect(s.ping()).resolves.toBeUndefined();
    });

    it('migrate may run again, and from several nodes at once on a new database', async () => {
      await s.migrate();
      const fresh = `db${++dbCount}`;
      const nodes = await Promise.all([1, 2, 3].map(() => connect(fresh)));
      await Promise.all(nodes.map((node) => node.migrate()));
      await user('alice', nodes[0]);
      expect(await nodes[2]!.listUsers()).toHaveLength(1);
    });

    it('keeps everything across close and reopen', async () => {
      const alice = await user('alice');
      const bob = await user('bob');
      const general = await channel('general', alice, 'public', [alice, bob]);
      const secret = await channel('secret', alice, 'private');
      const pair = await dm([alice, bob]);
      await post(general.id, alice, 'first');
      await post(general.id, bob, 'second');
      await s.setLastConversation(alice.id, general.id);
      await s.createSession({ tokenHash: 'token-a', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0 });
      await close(s);

      const again = await connect(db);
      await again.migrate();
      expect(await again.findUserByName('alice')).toEqual(alice);
      expect(await again.getConversation(general.id)).toEqual({ ...general, lastSeq: 2 });
      expect(await again.getConversation(secret.id)).toEqual(secret);
      expect(await again.findDm(dmKey([alice, bob]))).toEqual(pair);
      expect(await again.getMembership(general.id, bob.id)).toMatchObject({ lastReadSeq: 2 });
      expect(await again.getMembership(general.id, alice.id)).toMatchObject({ lastReadSeq: 1 });
      expect(await again.getLastConversation(alice.id)).toBe(general.id);
      expect(await again.findSessionUser('token-a')).toBe(alice.id);
      expect((await again.history(general.id, { limit: 10 })).map((m) => m.body)).toEqual(['first', 'second']);
      expect((await post(general.id, alice, 'third', again)).message.seq).toBe(3);
    });

    describeWorkspaceConformance(() => s);
    describeIntegrationConformance(() => s);
    describeOutgoingConformance(() => s, () => connect(db));
    describePushConformance(() => s, () => connect(db));

    // ---------- users ----------

    describe('users', () => {
      it('a new user gets a numeric id and can be found by id, and by name in any case', async () => {
        const alice = await s.createUser({ username: 'Alice', passwordHash: 'h1', createdAt: T0 });
        expect(alice).toEqual({ id: expect.any(Number), username: 'Alice', passwordHash: 'h1', createdAt: T0, role: 'member' });
        expect(await s.findUserById(alice.id)).toEqual(alice);
        expect(await s.findUserByName('alice')).toEqual(alice);
        expect(await s.findUserByName('ALICE')).toEqual(alice);
        expect(await s.findUserByName('bob')).toBeNull();
        expect(await s.findUserById(alice.id + 1000)).toBeNull();
      });

      it('usernames are unique ignoring case, and a rejected signup leaves the store usable', async () => {
        await user('alice');
        await expectUnique(user('ALICE'), 'username');
        await expectUnique(user('alice'), 'username');
        await user('bob');
        expect((await s.listUsers()).map((u) => u.username).sort()).toEqual(['alice', 'bob']);
      });

      it('user lists carry no password hashes', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        await user('carol');
        const listed = await s.listUsers();
        expect(byId(listed)).toHaveLength(3);
        const found = await s.findUsersByIds([bob.id, alice.id, 999_999]);
        expect(byId(found)).toEqual([publicUser(alice), publicUser(bob)]);
        for (const u of [...listed, ...found]) expect(u).not.toHaveProperty('passwordHash');
        expect(await s.findUsersByIds([])).toEqual([]);
      });

      it('a password hash can be replaced', async () => {
        const alice = await user('alice');
        await s.setPasswordHash(alice.id, 'new-hash');
        expect((await s.findUserById(alice.id))?.passwordHash).toBe('new-hash');
      });

      it('a deleted account is marked everywhere it is listed, keeps its name, and loses its password and sessions', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const dm = await s.createConversation({
          kind: 'dm', name: '', topic: '', createdBy: alice.id, createdAt: T0, dmKey: dmKey([alice, bob]), memberIds: [alice.id, bob.id],
        });
        await post(general.id, alice, 'still here after I go');
        await s.createSession({ tokenHash: 'h-a1', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0 });
        await s.createSession({ tokenHash: 'h-b1', userId: bob.id, passwordHash: bob.passwordHash, createdAt: T0 });
        const random = await channel('random', bob, 'public', [alice, bob]);
        const left = await s.deactivateUser(alice.id, T0 + 5, 'left the channel');
        if (left === 'last_owner') throw new Error('alice is a member, not an owner');
        expect(left.map((l) => l.conversation.id)).toEqual([general.id, random.id]);
        for (const { conversation, changes } of left) {
          expect(conversation.memberCount).toBe(1);
          expect(changes.messages).toEqual([expect.objectContaining({ kind: 'system', body: 'left the channel', authorId: alice.id })]);
          expect(changes.clock).toBe(changes.since + 1);
        }

        const gone = { ...publicUser(alice), deactivated: true };
        expect(await s.findUserById(alice.id)).toEqual({ ...gone, passwordHash: '' });
        expect(await s.findUserByName('ALICE')).toEqual({ ...gone, passwordHash: '' });
        expect(await s.listUsers()).toEqual([gone, publicUser(bob)]);
        expect(await s.findUsersByIds([alice.id])).toEqual([gone]);
        expect((await s.listMembers(general.id, { limit: 10 })).items).toEqual([publicUser(bob)]);
        expect((await s.getConversation(dm.id))?.members).toEqual([gone, publicUser(bob)]);
        expect(await s.findSessionUser('h-a1')).toBeNull();
        expect(await s.findSessionUser('h-b1')).toBe(bob.id);
        expect((await s.history(general.id, { limit: 10 })).map((m) => [m.authorName, m.body])).toEqual([
          ['alice', 'still here after I go'],
          ['alice', 'left the channel'],
        ]);
        await expectUnique(s.createUser({ username: 'Alice', passwordHash: 'h', createdAt: T0 }), 'username');
        expect(await s.findUserById(bob.id)).not.toHaveProperty('deactivated');
      });

      it('remembers the last conversation per user, and forgets it on null', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice);
        expect(await s.getLastConversation(alice.id)).toBeNull();
        await s.setLastConversation(alice.id, general.id);
        expect(await s.getLastConversation(alice.id)).toBe(general.id);
        expect(await s.getLastConversation(bob.id)).toBeNull();
        await s.setLastConversation(alice.id, null);
        expect(await s.getLastConversation(alice.id)).toBeNull();
      });
    });

    // ---------- sessions ----------

    describe('sessions', () => {
      it('a session leads to its user until it is deleted', async () => {
        const alice = await user('alice');
        await s.createSession({ tokenHash: 'h-a1', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0 });
        expect(await s.findSessionUser('h-a1')).toBe(alice.id);
        expect(await s.findSessionUser('h-unknown')).toBeNull();
        await s.deleteSession('h-a1');
        expect(await s.findSessionUser('h-a1')).toBeNull();
        await s.deleteSession('h-a1');
      });

      it('a session is stored only while the user is active and the password it was checked against is theirs', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const session = (tokenHash: string, userId: number, passwordHash: string) =>
          s.createSession({ tokenHash, userId, passwordHash, createdAt: T0 });
        expect(await session('h-a1', alice.id, alice.passwordHash)).toBe(true);
        await s.setPasswordHash(alice.id, 'new-hash');
        expect(await session('h-a2', alice.id, alice.passwordHash)).toBe(false);
        expect(await session('h-a3', alice.id, 'new-hash')).toBe(true);
        await s.deactivateUser(bob.id, T0 + 1, 'left the channel');
        expect(await session('h-b1', bob.id, bob.passwordHash)).toBe(false);
        expect(await session('h-b2', bob.id, '')).toBe(false);
        expect(await s.findSessionUser('h-a2')).toBeNull();
        expect(await s.findSessionUser('h-a3')).toBe(alice.id);
        expect(await s.findSessionUser('h-b1')).toBeNull();
        expect(await s.findSessionUser('h-b2')).toBeNull();
      });

      it('a session written while another connection changes the password is refused or revoked, never kept', async () => {
        const alice = await user('alice');
        const other = await connect(db);
        let current = alice.passwordHash;
        for (let round = 0; round < 30; round++) {
          const verified = current;
          current = `hash-${round}`;
          const next = current;
          const [stored] = await Promise.all([
            (async () => {
              for (let tick = 0; tick < round % 4; tick++) await Promise.resolve();
              return s.createSession({ tokenHash: `race-${round}`, userId: alice.id, passwordHash: verified, createdAt: T0 });
            })(),
            (async () => {
              await other.setPasswordHash(alice.id, next);
              await other.deleteUserSessions(alice.id);
            })(),
          ]);
          expect(typeof stored).toBe('boolean');
          expect(await s.findSessionUser(`race-${round}`), `round ${round}`).toBeNull();
        }
      });

      it("signing out everywhere deletes every session of that user and nobody else's", async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        await s.createSession({ tokenHash: 'h-a1', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0 });
        await s.createSession({ tokenHash: 'h-a2', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0 });
        await s.createSession({ tokenHash: 'h-b1', userId: bob.id, passwordHash: bob.passwordHash, createdAt: T0 });
        await s.deleteUserSessions(alice.id);
        expect(await s.findSessionUser('h-a1')).toBeNull();
        expect(await s.findSessionUser('h-a2')).toBeNull();
        expect(await s.findSessionUser('h-b1')).toBe(bob.id);
      });
    });

    // ---------- conversations ----------

    describe('conversations', () => {
      it('a new channel starts empty with its initial members at lastReadSeq 0', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        expect(general).toEqual({
          id: expect.any(Number),
          kind: 'public',
          name: 'general',
          topic: 'about general',
          createdBy: alice.id,
          createdAt: T0 + 1,
          lastSeq: 0,
          memberCount: 2,
        });
        expect(general.members).toBeUndefined();
        expect(await s.getConversation(general.id)).toEqual(general);
        expect(await s.getConversation(general.id + 1000)).toBeNull();
        expect(await s.getMembership(general.id, bob.id)).toEqual({
          conversationId: general.id,
          userId: bob.id,
          lastReadSeq: 0,
          joinedAt: T0 + 1,
          hiddenSeq: null,
          blocked: false,
          notify: null,
          muted: false,
        });
      });

      it('public channel names are unique ignoring case; private ones reserve nothing, so none can be probed', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        await channel('general', alice);
        await expectUnique(channel('GENERAL', bob), 'channel_name');
        const secret = await channel('plans', alice, 'private');
        expect(await s.publicNameTaken('general')).toBe(true);
        expect(await s.publicNameTaken('Plans')).toBe(false);
        await channel('plans', bob, 'private'); // another team's private #plans
        const open = await channel('PLANS', bob); // and a public one: nothing said that #plans existed
        expect(await s.publicNameTaken('plans', open.id)).toBe(false);
        await s.updateConversation(secret.id, { name: 'general' }, [], T0); // the core refuses this; storage keys only public names
        // The rejected channel left nothing behind.
        expect((await s.listMemberConversations(bob.id)).map((c) => c.name)).toEqual(['plans', 'PLANS']); // by name, then age
      });

      it('channel names that look alike collide: a Cyrillic е, fullwidth letters, rn for m', async () => {
        const alice = await user('alice');
        await channel('general', alice);
        await channel('modern', alice);
        for (const lookAlike of ['g\u0435neral', 'ｇｅｎｅｒａｌ', 'GENERAL']) await expectUnique(channel(lookAlike, alice), 'channel_name');
        await expectUnique(channel('rnodern', alice), 'channel_name');
        expect(await s.publicNameTaken('rnodern')).toBe(true); // a private one is refused by the core, with this
        const other = await channel('generals', alice);
        await expectUnique(s.updateConversation(other.id, { name: 'gener\u0430l' }, [], T0), 'channel_name');
        expect((await s.listMemberConversations(alice.id)).map((c) => c.name).sort()).toEqual(['general', 'generals', 'modern']);
      });

      it('a DM has no name, lists its participants sorted by id, and is found by its key', async () => {
        const carol = await user('carol');
        const alice = await user('alice');
        const bob = await user('bob');
        const pair = await dm([carol, alice]);
        const group = await dm([bob, carol, alice]);
        expect(pair).toMatchObject({ kind: 'dm', name: '', memberCount: 2, lastSeq: 0 });
        expect(pair.members).toEqual([publicUser(carol), publicUser(alice)]);
        expect(group.members).toEqual([publicUser(carol), publicUser(alice), publicUser(bob)]);
        for (const member of group.members!) expect(member).not.toHaveProperty('passwordHash');
        expect(await s.findDm(dmKey([alice, carol]))).toEqual(pair);
        expect(await s.getConversation(group.id)).toEqual(group);
        expect(await s.findDm(dmKey([alice, bob]))).toBeNull();
      });

      it('a second DM between the same people is refused', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        await dm([alice, bob]);
        await expectUnique(dm([bob, alice]), 'dm_key');
        expect(await s.listMemberConversationIds(alice.id)).toHaveLength(1);
      });

      it('a channel can be renamed and re-topiced, but not onto another channel name', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        await channel('random', alice);
        const topical = await s.updateConversation(general.id, { topic: 'new topic' }, [], T0);
        expect(topical).toEqual({ conversation: { ...general, topic: 'new topic' }, changes: null });
        const renamed = await s.updateConversation(general.id, { name: 'lobby' }, [], T0);
        expect(renamed.conversation).toEqual({ ...general, name: 'lobby', topic: 'new topic' });
        expect((await s.updateConversation(general.id, { name: 'Lobby' }, [], T0)).conversation).toMatchObject({ name: 'Lobby' });
        const notices = [{ authorId: alice.id, body: 'renamed' }, { authorId: alice.id, body: 'set the topic' }];
        await expectUnique(s.updateConversation(general.id, { name: 'RANDOM' }, notices, T0), 'channel_name');
        expect(await s.getConversation(general.id)).toMatchObject({ name: 'Lobby', topic: 'new topic', lastSeq: 0 });
        expect(await s.getClock(general.id)).toBe(0); // the refused rename posted nothing
        const both = await s.updateConversation(general.id, { name: 'hall', topic: 'both' }, notices, T0 + 3);
        expect(both.conversation).toMatchObject({ name: 'hall', topic: 'both', lastSeq: 2 });
        expect(both.changes).toEqual({ conversationId: general.id, since: 0, clock: 1, messages: [
          expect.objectContaining({ seq: 1, clock: 1, kind: 'system', body: 'renamed', createdAt: T0 + 3 }),
          expect.objectContaining({ seq: 2, clock: 1, kind: 'system', body: 'set the topic' }),
        ] });
      });

      it('everyone sees every public channel; private channels and DMs only their members', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const carol = await user('carol');
        const general = await channel('general', alice);
        const secret = await channel('secret', alice, 'private', [alice, bob]);
        const pair = await dm([alice, carol]);
        await postMany(secret.id, alice, 2);

        const mine = async (u: User) => byId(await s.listMemberConversations(u.id));
        expect(await mine(alice)).toEqual([
          { ...general, isMember: true, lastReadSeq: 0, mentionCount: 0 },
          { ...secret, lastSeq: 2, isMember: true, lastReadSeq: 2, mentionCount: 0 },
          { ...pair, isMember: true, lastReadSeq: 0, mentionCount: 0 },
        ]);
        expect(await mine(bob)).toEqual([{ ...secret, lastSeq: 2, isMember: true, lastReadSeq: 0, mentionCount: 0 }]);
        expect((await mine(carol)).map((c) => [c.id, c.isMember])).toEqual([[pair.id, true]]);
      });

      it('the channel browser lists public channels only, with the viewer’s membership', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice);
        const random = await channel('random', bob);
        await channel('secret', alice, 'private');
        await dm([alice, bob]);
        expect(await s.listPublicChannels(alice.id, { limit: 10 })).toEqual({
          items: [
            { ...general, isMember: true, lastReadSeq: 0, mentionCount: 0 },
            { ...random, isMember: false, lastReadSeq: 0, mentionCount: 0 },
          ],
          next: null,
        });
      });

      it('reads the clocks of many conversations at once, only of those the user can see', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const open = await channel('open', alice);
        const secret = await channel('secret', alice, 'private');
        await postMany(open.id, alice, 3);
        const clocks = await s.visibleClocks(bob.id, [open.id, secret.id, secret.id + 1000]);
        expect([...clocks]).toEqual([[open.id, await s.getClock(open.id)]]);
        expect((await s.visibleClocks(alice.id, [secret.id, open.id])).size).toBe(2);
        expect((await s.visibleClocks(alice.id, [])).size).toBe(0);
      });

      it('pages public channels by name, case-insensitively, and finds them by the start of their name', async () => {
        const alice = await user('alice');
        for (const name of ['Ops', 'design', 'ops-alerts', 'Dev', 'opsec', 'ÉTÉ']) await channel(name, alice);
        const names = (page: { items: { name: string }[] }) => page.items.map((c) => c.name);
        const first = await s.listPublicChannels(alice.id, { limit: 2 });
        expect(names(first)).toEqual(['design', 'Dev']);
        const second = await s.listPublicChannels(alice.id, { limit: 2, after: first.next! });
        expect(names(second)).toEqual(['Ops', 'ops-alerts']);
        const last = await s.listPublicChannels(alice.id, { limit: 10, after: second.next! });
        expect(last).toMatchObject({ next: null });
        expect(names(last)).toEqual(['opsec', 'ÉTÉ']);
        expect(names(await s.listPublicChannels(alice.id, { prefix: 'ops', limit: 10 }))).toEqual(['Ops', 'ops-alerts', 'opsec']);
        expect(names(await s.listPublicChannels(alice.id, { prefix: 'été', limit: 10 }))).toEqual(['ÉTÉ']);
        const paged = await s.listPublicChannels(alice.id, { prefix: 'ops', limit: 1, after: 'ops' });
        expect(names(paged)).toEqual(['ops-alerts']);
        expect(await s.listPublicChannels(alice.id, { prefix: 'zz', limit: 10 })).toEqual({ items: [], next: null });
      });

      it('the people directory pages active accounts by username and finds them by its start', async () => {
        for (const name of ['Bob', 'bobby', 'alice', 'bo.b', 'carol', 'gone']) await user(name);
        const gone = (await s.findUserByName('gone'))!;
        await s.deactivateUser(gone.id, T0, 'left');
        const names = (page: { items: { username: string }[] }) => page.items.map((u) => u.username);
        const first = await s.searchUsers({ limit: 3 });
        expect(names(first)).toEqual(['alice', 'bo.b', 'Bob']);
        expect(first.next).toBe('bob');
        const rest = await s.searchUsers({ limit: 3, after: first.next! });
        expect(rest).toMatchObject({ next: null });
        expect(names(rest)).toEqual(['bobby', 'carol']);
        expect(names(await s.searchUsers({ prefix: 'bob', limit: 10 }))).toEqual(['Bob', 'bobby']);
        expect(names(await s.searchUsers({ prefix: 'go', limit: 10 }))).toEqual([]);
        expect(names(await s.searchUsers({ prefix: '%', limit: 10 }))).toEqual([]);
        expect(names(await s.searchUsers({ prefix: 'b', limit: 1, after: 'bo.b' }))).toEqual(['Bob']);
      });

      it('lists the ids of exactly the conversations a user belongs to', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice);
        await channel('random', bob);
        const secret = await channel('secret', bob, 'private', [bob, alice]);
        const pair = await dm([alice, bob]);
        const ids = await s.listMemberConversationIds(alice.id);
        expect([...ids].sort((a, b) => a - b)).toEqual([general.id, secret.id, pair.id]);
      });
    });

    // ---------- membership ----------

    describe('membership', () => {
      it('a newcomer starts with nothing unread, and joining twice changes nothing', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice);
        await postMany(general.id, alice, 3);
        expect(await s.getMembership(general.id, bob.id)).toBeNull();
        const joined = await s.joinConversation(general.id, bob.id, T0 + 50, 'joined the channel');
        const membership = { conversationId: general.id, userId: bob.id, lastReadSeq: 4, joinedAt: T0 + 50, hiddenSeq: null, blocked: false, notify: null, muted: false };
        expect(joined).toEqual({
          conversation: { ...general, lastSeq: 4, memberCount: 2 },
          membership,
          changes: { conversationId: general.id, since: 3, clock: 4, messages: [
            expect.objectContaining({ seq: 4, clock: 4, kind: 'system', authorId: bob.id, body: 'joined the channel' }),
          ] },
        });
        expect(await s.getMembership(general.id, bob.id)).toEqual(membership);
        await post(general.id, alice);
        expect(await s.joinConversation(general.id, bob.id, T0 + 60, 'joined the channel')).toBeNull();
        expect(await s.getMembership(general.id, bob.id)).toMatchObject({ lastReadSeq: 4, joinedAt: T0 + 50 });
        expect(await s.getConversation(general.id)).toMatchObject({ memberCount: 2, lastSeq: 5 });
      });

      it('a removed member loses a private channel from view', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const secret = await channel('secret', alice, 'private', [alice, bob]);
        const left = await s.leaveConversation(secret.id, bob.id, T0 + 70, 'was removed from the channel');
        expect(left?.conversation).toMatchObject({ id: secret.id, memberCount: 1, lastSeq: 1 });
        expect(left?.membership).toMatchObject({ userId: bob.id, lastReadSeq: 0 });
        expect(left?.changes.messages).toEqual([expect.objectContaining({ authorId: bob.id, body: 'was removed from the channel' })]);
        expect(await s.leaveConversation(secret.id, bob.id, T0 + 71, 'was removed from the channel')).toBeNull();
        expect(await s.getMembership(secret.id, bob.id)).toBeNull();
        expect(await s.getConversation(secret.id)).toMatchObject({ memberCount: 1 });
        expect(await s.listMemberConversations(bob.id)).toEqual([]);
        expect(await s.listMemberConversationIds(bob.id)).toEqual([]);
      });

      it('lists members as users without password hashes', async () => {
        const carol = await user('carol');
        const alice = await user('alice');
        const general = await channel('general', alice, 'public', [alice, carol]);
        const { items, next } = await s.listMembers(general.id, { limit: 10 });
        expect([items, next]).toEqual([[publicUser(alice), publicUser(carol)], null]); // by username
        for (const member of items) expect(member).not.toHaveProperty('passwordHash');
        expect([...(await s.listMemberIds(general.id))].sort((a, b) => a - b)).toEqual([carol.id, alice.id]);
        expect(await s.listMembers(general.id + 1000, { limit: 10 })).toEqual({ items: [], next: null });
        const first = await s.listMembers(general.id, { limit: 1 });
        expect(first).toEqual({ items: [publicUser(alice)], next: 'alice' });
        expect(await s.listMembers(general.id, { limit: 1, after: first.next! })).toEqual({ items: [publicUser(carol)], next: null });
      });

      it('a read position only moves forward and never past the newest message', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const carol = await user('carol');
        const general = await channel('general', alice, 'public', [alice, bob]);
        await postMany(general.id, alice, 5);
        expect(await s.setReadPosition(general.id, bob.id, 3)).toBe(3);
        expect(await s.setReadPosition(general.id, bob.id, 2)).toBe(3);
        expect(await s.setReadPosition(general.id, bob.id, 99)).toBe(5);
        expect(await s.getMembership(general.id, bob.id)).toMatchObject({ lastReadSeq: 5 });
        expect(await s.setReadPosition(general.id, carol.id, 1)).toBeNull();
        expect(await s.getMembership(general.id, carol.id)).toBeNull();
      });
    });

    // ---------- messages ----------

    describe('messages', () => {
      it('messages get seqs 1, 2, 3… per conversation and come back exactly as sent', async () => {
        const alice = await user('Alice');
        const general = await channel('general', alice);
        const random = await channel('random', alice);
        const first = await s.appendMessage(message(general.id, alice, 'hello', 'client-1'));
        expect(first).toEqual({
          created: true,
          message: {
            id: expect.any(Number),
            conversationId: general.id,
            seq: 1,
            kind: 'user',
            authorId: alice.id,
            authorName: 'Alice',
            body: 'hello',
            clientId: 'client-1',
            createdAt: T0 + 10,
            clock: 1,
            editedAt: null,
            deletedAt: null,
            reactions: [],
            threadId: null,
            thread: null,
            mentions: [],
          },
        });
        expect((await post(random.id, alice)).message.seq).toBe(1);
        expect((await post(general.id, alice)).message.seq).toBe(2);
        const joined = await s.appendMessage(message(general.id, alice, 'joined the channel'));
        expect(joined.message).toMatchObject({ seq: 3, kind: 'system', clientId: null });
        expect(await s.getConversation(general.id)).toMatchObject({ lastSeq: 3 });
        expect(await s.getConversation(random.id)).toMatchObject({ lastSeq: 1 });
        expect(await s.messagesAfter(general.id, 0, 10)).toEqual([
          first.message,
          expect.objectContaining({ seq: 2 }),
          joined.message,
        ]);
      });

      it('bodies are stored verbatim', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const bodies = [
          '<script>alert("x")</script> & \'quotes\' \\ backslash',
          'multi\nline\r\n\ttabbed',
          'emoji 👩‍👩‍👧 and RTL שלום and CJK 漢字',
          'x'.repeat(4000),
          '  leading and trailing spaces  ',
        ];
        for (const body of bodies) await post(general.id, alice, body);
        expect((await s.history(general.id, { limit: 10 })).map((m) => m.body)).toEqual(bodies);
      });

      it("a user's message marks the conversation read up to it for its author only", async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        await postMany(general.id, alice, 2);
        await post(general.id, bob);
        expect(await s.getMembership(general.id, alice.id)).toMatchObject({ lastReadSeq: 2 });
        expect(await s.getMembership(general.id, bob.id)).toMatchObject({ lastReadSeq: 3 });
      });

      it('a retried send returns the original message and takes no new seq', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const original = await s.appendMessage(message(general.id, alice, 'hello', 'retry-me'));
        const retry = await s.appendMessage(message(general.id, alice, 'hello (edited by a bug)', 'retry-me'));
        expect(retry).toEqual({ created: false, message: original.message });
        expect(await s.getConversation(general.id)).toMatchObject({ lastSeq: 1 });
        // The key is the author's, not the conversation's: reused elsewhere, it still names the original.
        const random = await channel('random', alice);
        const elsewhere = await s.appendMessage(message(random.id, alice, 'hello', 'retry-me'));
        expect(elsewhere).toEqual({ created: false, message: original.message });
        expect(await s.getConversation(random.id)).toMatchObject({ lastSeq: 0 });
        // Someone else may use the same clientId.
        const other = await s.appendMessage(message(general.id, bob, 'hello', 'retry-me'));
        expect(other).toMatchObject({ created: true, message: { seq: 2, authorId: bob.id } });
        // System messages have no clientId and never collapse into one another.
        await s.appendMessage(message(general.id, alice, 'joined'));
        await s.appendMessage(message(general.id, alice, 'joined'));
        expect(seqs(await s.messagesAfter(general.id, 0, 10))).toEqual([1, 2, 3, 4]);
      });

      it('appends issued together are stored in order, and one that fails fails alone', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const results = await Promise.allSettled([
          s.appendMessage(message(general.id, alice, 'one', 'together-1')),
          s.appendMessage(message(general.id + 1000, alice, 'nowhere', 'together-2')),
          s.appendMessage(message(general.id, bob, 'two', 'together-3')),
          s.appendMessage(message(general.id, alice, 'one again', 'together-1')),
          s.appendMessage(message(general.id, alice, 'three', 'together-4')),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
        const [one, , two, retry, three] = results.map((r) => (r.status === 'fulfilled' ? r.value : null)) as [
          AppendResult,
          null,
          AppendResult,
          AppendResult,
          AppendResult,
        ];
        // Concurrent appends may be stored in any order (PostgreSQL runs them side by side), but each exactly once.
        expect([one.created, retry.created].sort()).toEqual([false, true]);
        expect(retry.message).toEqual(one.message);
        expect([one, two, three].map((r) => r.message.seq).sort()).toEqual([1, 2, 3]);
        const stored = await s.messagesAfter(general.id, 0, 10);
        expect(seqs(stored)).toEqual([1, 2, 3]);
        expect(stored.map((m) => m.clientId).sort()).toEqual(['together-1', 'together-3', 'together-4']);
        const aliceLast = Math.max(one.message.seq, three.message.seq);
        expect(await s.getMembership(general.id, alice.id)).toMatchObject({ lastReadSeq: aliceLast });
        expect(await s.getMembership(general.id, bob.id)).toMatchObject({ lastReadSeq: two.message.seq });
      });

      it('history pages backwards from the newest message, oldest first, down to the very first', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        expect(await s.history(general.id, { limit: 10 })).toEqual([]);
        await postMany(general.id, alice, 25);
        const newest = await s.history(general.id, { limit: 10 });
        expect(seqs(newest)).toEqual(range(16, 25));
        expect(newest.map((m) => m.body)).toEqual(range(16, 25).map((n) => `m${n}`));
        expect(seqs(await s.history(general.id, { before: 16, limit: 10 }))).toEqual(range(6, 15));
        expect(seqs(await s.history(general.id, { before: 6, limit: 10 }))).toEqual(range(1, 5));
        expect(await s.history(general.id, { before: 1, limit: 10 })).toEqual([]);
        expect(seqs(await s.history(general.id, { before: 100, limit: 3 }))).toEqual([23, 24, 25]);
      });

      it('messagesAfter returns what came after a seq, oldest first, at most limit', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const other = await channel('other', alice);
        await postMany(general.id, alice, 25);
        await postMany(other.id, alice, 3);
        expect(seqs(await s.messagesAfter(general.id, 20, 3))).toEqual([21, 22, 23]);
        expect(seqs(await s.messagesAfter(general.id, 20, 100))).toEqual(range(21, 25));
        expect(await s.messagesAfter(general.id, 25, 100)).toEqual([]);
        expect((await s.messagesAfter(general.id, 0, 100)).every((m) => m.conversationId === general.id)).toBe(true);
      });
    });

    // ---------- the change log ----------

    describe('change log', () => {
      it('every change ticks the conversation clock once and stamps the message it touched', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const other = await channel('other', alice);
        expect(await s.getClock(general.id)).toBe(0);
        const { message: sent } = await post(general.id, alice, 'helo');
        await post(other.id, alice); // another conversation's clock is its own
        expect(sent).toMatchObject({ seq: 1, clock: 1 });
        const edited = (await s.editMessage({ messageId: sent.id, authorId: alice.id, body: 'hello', at: T0 + 20 }))?.message;
        expect(edited).toMatchObject({ seq: 1, clock: 2, body: 'hello', editedAt: T0 + 20 });
        const reacted = await s.addReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: T0 + 21 }, 50);
        expect(reacted).toEqual({ changed: true, message: expect.objectContaining({ clock: 3, reactions: [{ emoji: '👍', userIds: [bob.id] }] }) });
        const again = await s.addReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: T0 + 22 }, 50);
        expect(again).toEqual({ changed: false, message: reacted!.message });
        await s.addReaction({ messageId: sent.id, userId: alice.id, emoji: '👍', at: T0 + 23 }, 50);
        await s.addReaction({ messageId: sent.id, userId: alice.id, emoji: '🎉', at: T0 + 24 }, 50);
        const current = await s.getMessage(sent.id);
        expect(current).toMatchObject({ clock: 5, reactions: [{ emoji: '👍', userIds: [bob.id, alice.id] }, { emoji: '🎉', userIds: [alice.id] }] });
        const unreacted = await s.removeReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: T0 + 25 });
        expect(unreacted?.message).toMatchObject({ clock: 6, reactions: [{ emoji: '👍', userIds: [alice.id] }, { emoji: '🎉', userIds: [alice.id] }] });
        expect(await s.removeReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: T0 + 26 })).toMatchObject({ changed: false });
        expect(await s.getClock(general.id)).toBe(6);
        expect(await s.getConversation(general.id)).toMatchObject({ lastSeq: 1 }); // changes are not messages
        // Catch-up returns the current state of what changed, once, whatever happened to it in between.
        expect(await s.changesSince(general.id, 0, 100)).toEqual({ clock: 6, messages: [await s.getMessage(sent.id)] });
        expect(await s.changesSince(general.id, 6, 100)).toEqual({ clock: 6, messages: [] });
      });

      it('changesSince lists what changed after a clock in clock order, at most limit', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const sent: Message[] = [];
        for (let i = 1; i <= 5; i++) sent.push((await post(general.id, alice, `m${i}`)).message);
        await s.editMessage({ messageId: sent[1]!.id, authorId: alice.id, body: 'm2 again', at: T0 + 30 });
        const { messages, clock } = await s.changesSince(general.id, 2, 100);
        expect(clock).toBe(6);
        expect(messages.map((m) => [m.seq, m.clock])).toEqual([[3, 3], [4, 4], [5, 5], [2, 6]]);
        expect((await s.changesSince(general.id, 2, 2)).messages.map((m) => m.seq)).toEqual([3, 4]);
        expect(await s.changesSince(general.id + 1000, 0, 10)).toEqual({ clock: 0, messages: [] });
      });

      it('changesSince finds what is new by position and what changed through the changed index, exactly', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const old: Message[] = [];
        for (let i = 1; i <= 60; i++) old.push((await post(general.id, alice, `old ${i}`)).message);
        await s.appendMessage({ ...message(general.id, alice, 'early reply', 'cs-r0'), threadId: old[9]!.id });
        const since = await s.getClock(general.id);
        const fresh: Message[] = [];
        for (let i = 1; i <= 30; i++) fresh.push((await post(general.id, alice, `new ${i}`)).message);
        const late = await s.appendMessage({ ...message(general.id, alice, 'late reply', 'cs-r1'), threadId: old[9]!.id });
        await s.addReaction({ messageId: old[4]!.id, userId: alice.id, emoji: '👍', at: T0 }, 50);
        await s.editMessage({ messageId: fresh[0]!.id, authorId: alice.id, body: 'new 1, edited', at: T0 });
        const { messages, clock } = await s.changesSince(general.id, since, 100);
        expect(clock).toBe(since + 33);
        const ids = messages.map((m) => m.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.sort((a, b) => a - b)).toEqual(
          [...fresh.map((m) => m.id), late.message.id, old[9]!.id, old[4]!.id].sort((a, b) => a - b),
        );
        expect(messages.map((m) => m.clock)).toEqual([...messages.map((m) => m.clock)].sort((a, b) => a - b));
        expect((await s.changesSince(general.id, since, 10)).messages).toHaveLength(10);
        expect((await s.changesSince(general.id, 0, 1000)).messages).toHaveLength(60 + 30 + 2);
      });

      it('an edit keeps the old text as a version; only the author edits an undeleted user message', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const { message: sent } = await post(general.id, alice, 'v1');
        await s.editMessage({ messageId: sent.id, authorId: alice.id, body: 'v2', at: T0 + 1 });
        await s.editMessage({ messageId: sent.id, authorId: alice.id, body: 'v3', at: T0 + 2 });
        expect(await s.messageVersions(sent.id)).toEqual([{ body: 'v1', replacedAt: T0 + 1 }, { body: 'v2', replacedAt: T0 + 2 }]);
        const same = (await s.editMessage({ messageId: sent.id, authorId: alice.id, body: 'v3', at: T0 + 3 }))?.message;
        expect(same).toMatchObject({ body: 'v3', clock: 3 }); // nothing to change: no tick, no version
        expect(await s.editMessage({ messageId: sent.id, authorId: bob.id, body: 'hijack', at: T0 })).toBeNull();
        const notice = await s.appendMessage(message(general.id, alice, 'joined the channel'));
        expect(await s.editMessage({ messageId: notice.message.id, authorId: alice.id, body: 'x', at: T0 })).toBeNull();
        expect(await s.editMessage({ messageId: sent.id + 1000, authorId: alice.id, body: 'x', at: T0 })).toBeNull();
        expect(await s.getMessage(sent.id)).toMatchObject({ body: 'v3' });
        expect(await s.getClock(general.id)).toBe(4);
      });

      it('a deletion leaves a tombstone: no text, no versions, no reactions, and nothing can change it again', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const { message } = await post(general.id, alice, 'secret plans');
        await s.editMessage({ messageId: message.id, authorId: alice.id, body: 'more secret plans', at: T0 + 1 });
        await s.addReaction({ messageId: message.id, userId: bob.id, emoji: '👀', at: T0 + 2 }, 50);
        expect(await s.deleteMessage({ messageId: message.id, authorId: bob.id, at: T0 + 3 })).toBeNull();
        const tombstone = (await s.deleteMessage({ messageId: message.id, authorId: alice.id, at: T0 + 4 }))?.message;
        expect(tombstone).toMatchObject({ id: message.id, seq: 1, body: '', deletedAt: T0 + 4, reactions: [], clock: 4 });
        expect(await s.messageVersions(message.id)).toEqual([]);
        expect(await s.deleteMessage({ messageId: message.id, authorId: alice.id, at: T0 + 5 })).toBeNull();
        expect(await s.editMessage({ messageId: message.id, authorId: alice.id, body: 'back', at: T0 + 5 })).toBeNull();
        expect(await s.addReaction({ messageId: message.id, userId: bob.id, emoji: '👀', at: T0 + 5 }, 50)).toBeNull();
        expect(await s.history(general.id, { limit: 10 })).toEqual([tombstone]);
        expect(seqs(await s.messagesAfter(general.id, 0, 10))).toEqual([1]); // seqs stay contiguous
      });

      it('a message takes at most `max` different emoji; more people may still add one it has', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const { message } = await post(general.id, alice);
        for (const emoji of ['😀', '😁', '😂']) await s.addReaction({ messageId: message.id, userId: alice.id, emoji, at: T0 }, 3);
        const refused = await s.addReaction({ messageId: message.id, userId: alice.id, emoji: '🤣', at: T0 }, 3).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(ReactionLimit);
        expect(await s.addReaction({ messageId: message.id, userId: bob.id, emoji: '😂', at: T0 }, 3)).toMatchObject({ changed: true });
        expect((await s.getMessage(message.id))?.reactions).toHaveLength(3);
        expect(await s.getClock(general.id)).toBe(5);
      });

      it('history and catch-up carry reactions for every message at once', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const sent: Message[] = [];
        for (let i = 1; i <= 3; i++) sent.push((await post(general.id, alice, `m${i}`)).message);
        await s.addReaction({ messageId: sent[0]!.id, userId: alice.id, emoji: '1️⃣', at: T0 }, 50);
        await s.addReaction({ messageId: sent[2]!.id, userId: alice.id, emoji: '3️⃣', at: T0 }, 50);
        const page = await s.history(general.id, { limit: 10 });
        expect(page.map((m) => m.reactions.map((r) => r.emoji))).toEqual([['1️⃣'], [], ['3️⃣']]);
        expect((await s.messagesAfter(general.id, 0, 10)).map((m) => m.reactions.length)).toEqual([1, 0, 1]);
      });
    });

    // ---------- threads ----------

    describe('threads', () => {
      const reply = (root: Message, author: User, body: string, storage = s) =>
        storage.appendMessage({ ...message(root.conversationId, author, body, `r${++sent}`), threadId: root.id });

      it('a reply takes the next seq of its thread and one clock tick with its root, never a seq of the conversation', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const { message: root } = await post(general.id, alice, 'question');
        const first = await reply(root, bob, 'answer');
        expect(first.message).toMatchObject({ threadId: root.id, seq: 1, clock: 2, thread: null });
        expect(first.root).toMatchObject({ id: root.id, seq: 1, clock: 2, thread: { replyCount: 1, lastReplyAt: T0 + 10, replierIds: [bob.id] } });
        const second = await reply(root, alice, 'thanks');
        expect(second.message).toMatchObject({ seq: 2, clock: 3 });
        expect(second.root?.thread).toEqual({ replyCount: 2, lastReplyAt: T0 + 10, replierIds: [alice.id, bob.id] });
        const { message: next } = await post(general.id, bob, 'new topic');
        expect(next.seq).toBe(2); // replies are not positions of the conversation: nothing unread for them
        expect(await s.getConversation(general.id)).toMatchObject({ lastSeq: 2 });
        expect(await s.getMembership(general.id, bob.id)).toMatchObject({ lastReadSeq: 2 });
        expect((await s.history(general.id, { limit: 10 })).map((m) => m.body)).toEqual(['question', 'new topic']);
        expect((await s.threadHistory(root.id, { limit: 10 })).map((m) => [m.seq, m.body])).toEqual([[1, 'answer'], [2, 'thanks']]);
        expect((await s.threadHistory(root.id, { before: 2, limit: 10 })).map((m) => m.body)).toEqual(['answer']);
        const { messages } = await s.changesSince(general.id, 1, 10);
        expect(messages.map((m) => [m.id, m.clock])).toEqual([[first.message.id, 2], [root.id, 3], [second.message.id, 3], [next.id, 4]]);
      });

      it('the repliers and the root’s author follow the thread; reading only moves forward, to the last reply at most', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const carol = await user('carol');
        const general = await channel('general', alice, 'public', [alice, bob, carol]);
        const { message: root } = await post(general.id, alice, 'question');
        await reply(root, bob, 'one');
        await reply(root, bob, 'two');
        const state = { rootId: root.id, conversationId: general.id, replyCount: 2, lastReplyAt: T0 + 10, mentionCount: 0 };
        expect(await s.listThreads(alice.id, { limit: 10 })).toEqual([{ ...state, lastReadSeq: 0 }]);
        expect(await s.listThreads(bob.id, { limit: 10 })).toEqual([{ ...state, lastReadSeq: 2 }]);
        expect(await s.listThreads(carol.id, { limit: 10 })).toEqual([]);
        expect(await s.setThreadRead(carol.id, root.id, 1)).toBeNull();
        expect(await s.setThreadRead(alice.id, root.id, 1)).toEqual({ ...state, lastReadSeq: 1 });
        expect(await s.setThreadRead(alice.id, root.id, 0)).toEqual({ ...state, lastReadSeq: 1 });
        expect(await s.setThreadRead(alice.id, root.id, 99)).toEqual({ ...state, lastReadSeq: 2 });
        await s.leaveConversation(general.id, bob.id, T0, 'left the channel');
        expect(await s.listThreads(bob.id, { limit: 10 })).toEqual([]); // only threads you can still read
      });

      it('lists followed threads most recently replied first, a page at a time', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const roots: Message[] = [];
        for (let i = 0; i < 3; i++) roots.push((await post(general.id, alice, `root ${i}`)).message);
        for (const [i, root] of [roots[1]!, roots[0]!, roots[2]!].entries()) {
          await s.appendMessage({ ...message(general.id, alice, 'r', `page${i}`), threadId: root.id, createdAt: T0 + 100 + i });
        }
        const all = await s.listThreads(alice.id, { limit: 10 });
        expect(all.map((t) => t.rootId)).toEqual([roots[2]!.id, roots[0]!.id, roots[1]!.id]);
        const second = await s.listThreads(alice.id, { before: all[0]!.lastReplyAt, limit: 1 });
        expect(second.map((t) => t.rootId)).toEqual([roots[0]!.id]);
      });

      it('a retried reply is recognised; replies can be edited, reacted to and deleted like any message', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const { message: root } = await post(general.id, alice, 'root');
        const input = { ...message(general.id, alice, 'reply', 'retry-reply'), threadId: root.id };
        const first = await s.appendMessage(input);
        const again = await s.appendMessage(input);
        expect(again).toEqual({ created: false, message: first.message, root: first.root });
        const edited = (await s.editMessage({ messageId: first.message.id, authorId: alice.id, body: 'reply!', at: T0 }))?.message;
        expect(edited).toMatchObject({ threadId: root.id, seq: 1, body: 'reply!' });
        await s.addReaction({ messageId: first.message.id, userId: alice.id, emoji: '👍', at: T0 }, 50);
        const gone = (await s.deleteMessage({ messageId: first.message.id, authorId: alice.id, at: T0 }))?.message;
        expect(gone).toMatchObject({ threadId: root.id, body: '', reactions: [] });
        // The summary counts the tombstone too: a deletion changes the reply, not its root.
        expect((await s.getMessage(root.id))?.thread).toEqual({ replyCount: 1, lastReplyAt: T0 + 10, replierIds: [alice.id] });
        expect(await s.threadHistory(root.id, { limit: 10 })).toEqual([gone]);
      });

      it('a reply sent to the channel too has a linked copy there: one tick, both changed together, found once', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const { message: root } = await post(general.id, alice, 'root');
        const input: NewMessage = { ...message(general.id, bob, 'ping @alice about the walrus', 'copy-1'), threadId: root.id, alsoToChannel: true, mentions: { userIds: [alice.id], all: false, here: null } };
        const sent = await s.appendMessage(input);
        const copy = sent.copy!;
        expect(sent.message).toMatchObject({ threadId: root.id, seq: 1, alsoInChannel: copy.id, clock: root.clock + 1 });
        expect(copy).toMatchObject({ threadId: null, seq: 2, clock: root.clock + 1, clientId: null, body: input.body, mentions: [alice.id], fromThread: { rootId: root.id, replyId: sent.message.id } });
        expect(await s.getClock(general.id)).toBe(root.clock + 1);
        expect(await s.appendMessage(input)).toEqual({ created: false, message: sent.message, root: sent.root, copy });
        expect((await s.history(general.id, { limit: 10 })).map((m) => m.id)).toEqual([root.id, copy.id]);
        expect(await s.mentionedUserIds(copy.id)).toEqual([]); // the reply notified alice; its copy counts nothing more
        expect(await s.mentionedUserIds(sent.message.id)).toEqual([alice.id]);
        expect((await s.changesSince(general.id, root.clock, 10)).messages.map((m) => m.id).sort()).toEqual([root.id, sent.message.id, copy.id].sort());

        const edited = await s.editMessage({ messageId: copy.id, authorId: bob.id, body: 'ping about the walrus', at: T0 + 1 });
        expect(edited!.message).toMatchObject({ id: sent.message.id, body: 'ping about the walrus', clock: root.clock + 2 });
        expect(edited!.linked).toMatchObject({ id: copy.id, body: 'ping about the walrus', clock: root.clock + 2, editedAt: T0 + 1, mentions: [] });
        expect(await s.messageVersions(sent.message.id)).toEqual([{ body: input.body, replacedAt: T0 + 1 }]);
        expect(await s.editMessage({ messageId: copy.id, authorId: alice.id, body: 'hijack', at: T0 })).toBeNull();
        const search = { userId: alice.id, terms: [{ text: 'walrus', indexed: true, negated: false }], from: [], inChannels: [], inDmWith: [], hasLink: false, hasFile: false, hasImage: false, limit: 10 };
        expect((await s.searchMessages(search)).map((m) => m.id)).toEqual([sent.message.id]);

        await s.addReaction({ messageId: copy.id, userId: alice.id, emoji: '👍', at: T0 + 2 }, 50);
        const gone = await s.deleteMessage({ messageId: sent.message.id, authorId: bob.id, at: T0 + 3 });
        expect(gone!.message).toMatchObject({ id: sent.message.id, body: '', deletedAt: T0 + 3, clock: root.clock + 4 });
        expect(gone!.linked).toMatchObject({ id: copy.id, body: '', deletedAt: T0 + 3, clock: root.clock + 4, reactions: [] });
        expect(await s.getClock(general.id)).toBe(root.clock + 4);
        expect(await s.searchMessages(search)).toEqual([]);
        expect(await s.deleteMessage({ messageId: copy.id, authorId: bob.id, at: T0 + 4 })).toBeNull();
      });

      it('concurrent replies on four connections number the thread 1..N with no gap', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const { message: root } = await post(general.id, alice, 'busy thread');
        const nodes = await Promise.all([1, 2, 3, 4].map(() => connect(db)));
        const results = await Promise.all(nodes.flatMap((node, n) => range(1, 10).map((i) => reply(root, alice, `n${n} r${i}`, node))));
        expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(range(1, 40));
        expect((await s.getMessage(root.id))?.thread?.replyCount).toBe(40);
        expect(await s.getClock(general.id)).toBe(41);
      });
    });

    // ---------- mentions ----------

    describe('mentions', () => {
      const named = (...users: User[]): MessageMentions => ({ userIds: users.map((u) => u.id), all: false, here: null });
      const mention = (conversationId: number, author: User, body: string, mentions: MessageMentions, threadId?: number) =>
        s.appendMessage({ ...message(conversationId, author, body, `mn${++sent}`), mentions, ...(threadId && { threadId }) });
      const counts = async (conversationId: number, ...users: User[]) =>
        Promise.all(
          users.map(async (u) => {
            const listed = (await s.listMemberConversations(u.id)).find((c) => c.id === conversationId)?.mentionCount;
            expect(await s.mentionCount(conversationId, u.id), u.username).toBe(listed ?? 0);
            return listed ?? 0;
          }),
        );

      it('finds active members by name in any case or by id, nobody else', async () => {
        const [alice, bob, carol, dave] = [await user('Alice'), await user('bob'), await user('carol'), await user('dave')];
        const secret = await channel('secret', alice, 'private', [alice, bob, dave]);
        await s.deactivateUser(dave.id, T0, 'left the channel');
        const pair = await dm([alice, dave]);
        expect(await s.findMembers(secret.id, { usernames: ['ALICE', 'carol', 'nobody'] })).toEqual([alice.id]);
        expect(await s.findMembers(secret.id, { userIds: [bob.id, carol.id] })).toEqual([bob.id]);
        expect(await s.findMembers(pair.id, { usernames: ['dave'], userIds: [dave.id] })).toEqual([]);
        expect(await s.findMembers(secret.id, {})).toEqual([]);
      });

      it('a message keeps whom it mentions; each member counts the unread ones, once per message', async () => {
        const [alice, bob, carol, dave] = [await user('alice'), await user('bob'), await user('carol'), await user('dave')];
        const general = await channel('general', alice, 'public', [alice, bob, carol]);
        const { message: first } = await mention(general.id, alice, '@bob', named(bob));
        expect(first).toMatchObject({ mentions: [bob.id] });
        expect(first).not.toHaveProperty('mentionsAll');
        const { message: all } = await mention(general.id, bob, '@channel @carol', { ...named(carol), all: true });
        expect(all).toMatchObject({ mentions: [carol.id], mentionsAll: true });
        const { message: here } = await mention(general.id, alice, '@here', { userIds: [], all: false, here: [bob.id, carol.id] });
        expect(here).toMatchObject({ mentions: [], mentionsHere: true });
        // Authors have read their own messages. carol: the @channel that also names her counts once, and @here;
        // bob: only @here is past his own message; dave is no member.
        expect(await counts(general.id, alice, bob, carol, dave)).toEqual([0, 1, 2, 0]);
        expect(await s.history(general.id, { limit: 10 })).toEqual([first, all, here]);
        expect((await s.changesSince(general.id, 0, 10)).messages.map((m) => m.mentions)).toEqual([[bob.id], [carol.id], []]);
        expect(await s.mentionedUserIds(all.id)).toEqual([carol.id]);
        expect(await s.mentionedUserIds(here.id)).toEqual([bob.id, carol.id].sort((a, b) => a - b));
        await s.setReadPosition(general.id, carol.id, all.seq);
        expect(await counts(general.id, carol)).toEqual([1]);
        await s.setReadPosition(general.id, carol.id, here.seq);
        expect(await counts(general.id, carol)).toEqual([0]);
      });

      it('an edit replaces the mentions and a deletion erases them, each in its own change', async () => {
        const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
        const general = await channel('general', alice, 'public', [alice, bob, carol]);
        const { message: sent } = await mention(general.id, alice, '@bob', named(bob));
        const edited = (await s.editMessage({ messageId: sent.id, authorId: alice.id, body: '@carol', at: T0 + 1, mentions: named(carol) }))?.message;
        expect(edited).toMatchObject({ mentions: [carol.id], clock: sent.clock + 1 });
        expect(await counts(general.id, bob, carol)).toEqual([0, 1]);
        expect(await s.mentionedUserIds(sent.id)).toEqual([carol.id]);
        const plain = (await s.editMessage({ messageId: sent.id, authorId: alice.id, body: 'nobody', at: T0 + 2 }))?.message;
        expect(plain?.mentions).toEqual([]);
        expect(await counts(general.id, carol)).toEqual([0]);
        await s.editMessage({ messageId: sent.id, authorId: alice.id, body: '@channel', at: T0 + 3, mentions: { ...named(), all: true } });
        expect(await counts(general.id, alice, bob, carol)).toEqual([0, 1, 1]);
        const gone = (await s.deleteMessage({ messageId: sent.id, authorId: alice.id, at: T0 + 4 }))?.message;
        expect(gone).toMatchObject({ mentions: [], body: '' });
        expect(gone).not.toHaveProperty('mentionsAll');
        expect(await counts(general.id, bob, carol)).toEqual([0, 0]);
      });

      it('a mention in a reply counts in its thread: the member named follows it from that reply on', async () => {
        const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
        const general = await channel('general', alice, 'public', [alice, bob, carol]);
        const { message: root } = await post(general.id, alice, 'root');
        await s.appendMessage({ ...message(general.id, bob, 'first', 'mn-r1'), threadId: root.id });
        const { message: reply } = await mention(general.id, bob, '@carol @alice', named(carol, alice), root.id);
        expect(reply).toMatchObject({ seq: 2, mentions: [carol.id, alice.id] });
        expect(await counts(general.id, alice, carol)).toEqual([0, 0]); // replies never count in the conversation
        const state = { rootId: root.id, conversationId: general.id, replyCount: 2, lastReplyAt: T0 + 10 };
        expect(await s.threadState(carol.id, root.id)).toEqual({ ...state, lastReadSeq: 1, mentionCount: 1 });
        expect(await s.threadState(alice.id, root.id)).toEqual({ ...state, lastReadSeq: 0, mentionCount: 1 });
        expect(await s.threadState(bob.id, root.id)).toEqual({ ...state, lastReadSeq: 2, mentionCount: 0 });
        await mention(general.id, bob, '@channel', { ...named(), all: true }, root.id);
        expect((await s.listThreads(carol.id, { limit: 10 }))[0]).toMatchObject({ replyCount: 3, lastReadSeq: 1, mentionCount: 2 });
        expect(await s.setThreadRead(carol.id, root.id, 2)).toMatchObject({ lastReadSeq: 2, mentionCount: 1 });
        expect(await s.setThreadRead(carol.id, root.id, 3)).toMatchObject({ lastReadSeq: 3, mentionCount: 0 });
      });

      it('deleting a conversation takes its mentions with it', async () => {
        const [alice, bob] = [await user('alice'), await user('bob')];
        const doomed = await channel('doomed', alice, 'public', [alice, bob]);
        const { message: sent } = await mention(doomed.id, alice, '@bob', named(bob));
        await s.deleteConversation(doomed.id);
        expect(await s.mentionedUserIds(sent.id)).toEqual([]);
        expect(await s.mentionCount(doomed.id, bob.id)).toBe(0);
      });
    });

    // ---------- unwanted conversations ----------

    describe('hiding, blocking, deleting', () => {
      it('a hidden conversation is hidden up to its lastSeq, for that member only', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const pair = await dm([alice, bob]);
        await post(pair.id, bob, 'one');
        expect(await s.setHidden(pair.id, alice.id, true)).toMatchObject({ hiddenSeq: 1, blocked: false });
        expect((await s.listMemberConversations(alice.id))[0]).toMatchObject({ id: pair.id, hiddenSeq: 1 });
        expect((await s.listMemberConversations(bob.id))[0]).not.toHaveProperty('hiddenSeq');
        await post(pair.id, bob, 'two');
        expect((await s.listMemberConversations(alice.id))[0]).not.toHaveProperty('hiddenSeq');
        expect(await s.setHidden(pair.id, alice.id, false)).toMatchObject({ hiddenSeq: null });
        const carol = await user('carol');
        expect(await s.setHidden(pair.id, carol.id, true)).toBeNull();
      });

      it('notification preferences are the member\'s own, come with their views, and need membership', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice);
        await s.joinConversation(general.id, bob.id, T0 + 5, 'joined the channel');
        expect(await s.setNotifyPreferences(general.id, alice.id, { notify: 'all', muted: true })).toMatchObject({ notify: 'all', muted: true });
        expect((await s.listMemberConversations(alice.id))[0]).toMatchObject({ id: general.id, notify: 'all', muted: true });
        const bobs = (await s.listMemberConversations(bob.id))[0]!;
        expect([bobs.notify, bobs.muted]).toEqual([undefined, undefined]);
        expect(await s.setNotifyPreferences(general.id, alice.id, { notify: null, muted: false })).toMatchObject({ notify: null, muted: false });
        const back = (await s.listMemberConversations(alice.id))[0]!;
        expect([back.notify, back.muted]).toEqual([undefined, undefined]);
        const carol = await user('carol');
        expect(await s.setNotifyPreferences(general.id, carol.id, { notify: 'nothing', muted: false })).toBeNull();
      });

      it('drafts are per user, conversation and thread, newest first, only where the user is still a member', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice);
        const other = await channel('other', alice);
        await s.joinConversation(general.id, bob.id, T0 + 5, 'joined the channel');
        await s.saveDraft({ userId: alice.id, conversationId: general.id, threadId: null, body: 'half a thought', updatedAt: T0 + 10 });
        await s.saveDraft({ userId: alice.id, conversationId: general.id, threadId: 7, body: 'a reply', updatedAt: T0 + 11 });
        await s.saveDraft({ userId: alice.id, conversationId: other.id, threadId: null, body: 'elsewhere', updatedAt: T0 + 12 });
        await s.saveDraft({ userId: bob.id, conversationId: general.id, threadId: null, body: 'bob’s', updatedAt: T0 + 13 });
        await s.saveDraft({ userId: alice.id, conversationId: general.id, threadId: null, body: 'a whole thought', updatedAt: T0 + 14 });
        expect(await s.listDrafts(alice.id, 10)).toEqual([
          { conversationId: general.id, threadId: null, body: 'a whole thought', updatedAt: T0 + 14 },
          { conversationId: other.id, threadId: null, body: 'elsewhere', updatedAt: T0 + 12 },
          { conversationId: general.id, threadId: 7, body: 'a reply', updatedAt: T0 + 11 },
        ]);
        expect(await s.listDrafts(alice.id, 1)).toHaveLength(1);
        await s.saveDraft({ userId: alice.id, conversationId: other.id, threadId: null, body: '', updatedAt: T0 + 15 });
        expect((await s.listDrafts(alice.id, 10)).map((d) => d.body)).toEqual(['a whole thought', 'a reply']);
        await s.leaveConversation(general.id, bob.id, T0 + 20, 'left the channel');
        expect(await s.listDrafts(bob.id, 10)).toEqual([]);
      });

      it('a block marks the DM of the two while either blocks the other', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const carol = await user('carol');
        const pair = await dm([alice, bob]);
        expect(await s.setBlocked(alice.id, bob.id, true)).toEqual([bob.id]);
        expect(await s.setBlocked(alice.id, carol.id, true)).toEqual([bob.id, carol.id].sort((a, b) => a - b));
        expect(await s.getMembership(pair.id, bob.id)).toMatchObject({ blocked: true });
        await s.setBlocked(bob.id, alice.id, true);
        await s.setBlocked(alice.id, bob.id, false);
        expect(await s.getMembership(pair.id, alice.id)).toMatchObject({ blocked: true }); // bob still blocks alice
        await s.setBlocked(bob.id, alice.id, false);
        expect(await s.getMembership(pair.id, alice.id)).toMatchObject({ blocked: false });
        expect(await s.blocksAmong([alice.id, carol.id])).toEqual([{ userId: alice.id, blockedId: carol.id }]);
        expect(await s.blocksAmong([bob.id, carol.id])).toEqual([]);
        expect(await s.listBlocked(alice.id)).toEqual([carol.id]);
      });

      it('leaving a DM clears its key, so the same people can start a new one', async () => {
        const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
        const group = await dm([alice, bob, carol]);
        expect(await s.leaveConversation(group.id, alice.id, T0, 'left the conversation')).toMatchObject({ conversation: { memberCount: 2 } });
        expect(await s.findDm(dmKey([alice, bob, carol]))).toBeNull();
        expect((await dm([alice, bob, carol])).id).not.toBe(group.id);
      });

      it('deleting a conversation takes its messages, reactions, threads and memberships with it', async () => {
        const alice = await user('alice');
        const doomed = await channel('doomed', alice);
        const kept = await channel('kept', alice);
        const { message: root } = await post(doomed.id, alice, 'root');
        await s.appendMessage({ ...message(doomed.id, alice, 'reply', 'del-reply'), threadId: root.id });
        await s.addReaction({ messageId: root.id, userId: alice.id, emoji: '👍', at: T0 }, 50);
        const { message: survivor } = await post(kept.id, alice, 'stays');
        await s.setLastConversation(alice.id, doomed.id);
        expect(await s.deleteConversation(doomed.id)).toBe(true);
        expect(await s.deleteConversation(doomed.id)).toBe(false);
        expect(await s.getConversation(doomed.id)).toBeNull();
        expect(await s.getMessage(root.id)).toBeNull();
        expect(await s.listThreads(alice.id, { limit: 10 })).toEqual([]);
        expect(await s.listMemberConversationIds(alice.id)).toEqual([kept.id]);
        expect(await s.getLastConversation(alice.id)).toBeNull();
        expect(await s.getMessage(survivor.id)).toEqual(survivor);
      });
    });

    // ---------- search ----------

    describe('search', () => {
      /** Bodies of what `query` finds for `reader`, newest first. */
      const find = async (reader: User, query: string, page: { beforeId?: number; limit?: number } = {}) =>
        (await s.searchMessages({ userId: reader.id, ...parseSearchQuery(query), limit: 50, ...page })).map((m) => m.body);
      const at = (days: number) => Date.UTC(2026, 2, 1) + days * 86_400_000;

      it('finds substrings of any word, ignoring case and accents, newest first', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        for (const body of ['Deploy to hostname.test.com', 'Un CAFÉ crème', 'cafe au lait', 'a NAÏVE approach', 'Straße']) {
          await post(general.id, alice, body);
        }
        expect(await find(alice, 'hostna')).toEqual(['Deploy to hostname.test.com']);
        expect(await find(alice, 'HOSTNAME.TEST.COM')).toEqual(['Deploy to hostname.test.com']);
        expect(await find(alice, 'CAFE')).toEqual(['cafe au lait', 'Un CAFÉ crème']);
        expect(await find(alice, 'café')).toEqual(['cafe au lait', 'Un CAFÉ crème']);
        expect(await find(alice, 'naive')).toEqual(['a NAÏVE approach']);
        expect(await find(alice, 'creme cafe')).toEqual(['Un CAFÉ crème']);
        expect(await find(alice, 'nothing-like-it')).toEqual([]);
      });

      it('finds CJK text, also by a two-character word', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        for (const body of ['東京タワーに行く', '大阪城', '한국어 회의는 내일']) await post(general.id, alice, body);
        expect(await find(alice, '東京タ')).toEqual(['東京タワーに行く']);
        expect(await find(alice, '東京')).toEqual(['東京タワーに行く']);
        expect(await find(alice, '한국어')).toEqual(['한국어 회의는 내일']);
        expect(await find(alice, '회의')).toEqual(['한국어 회의는 내일']);
        expect(await find(alice, 'タワー -東京')).toEqual([]);
      });

      it('matches phrases exactly, and leaves out excluded words and phrases', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        for (const body of ['the quick brown fox', 'brown and quick', 'a quick fox']) await post(general.id, alice, body);
        expect(await find(alice, '"quick brown"')).toEqual(['the quick brown fox']);
        expect(await find(alice, 'quick -brown')).toEqual(['a quick fox']);
        expect(await find(alice, 'quick -"quick brown"')).toEqual(['a quick fox', 'brown and quick']);
        expect(await find(alice, '-fox quick')).toEqual(['brown and quick']);
      });

      it('takes search-engine and LIKE syntax in a word literally', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const bodies = ['100% sure', '1000 sure', 'snake_case', 'snakeXcase', 'say "hello" now', 'NEAR(x, y) OR z*', 'back\\slash'];
        for (const body of bodies) await post(general.id, alice, body);
        expect(await find(alice, '00%')).toEqual(['100% sure']);
        expect(await find(alice, 'e_c')).toEqual(['snake_case']);
        expect(await find(alice, 'hello" now')).toEqual(['say "hello" now']);
        expect(await find(alice, '"say "hello" now"')).toEqual([]); // the phrase `say`, then the words `hello"`, `now"`
        expect(await find(alice, 'near(x,')).toEqual(['NEAR(x, y) OR z*']);
        expect(await find(alice, '"y) OR z*"')).toEqual(['NEAR(x, y) OR z*']);
        expect(await find(alice, 'k\\s')).toEqual(['back\\slash']);
      });

      it('filters by author, channel, DM partner, date and links; a filter alone is a search', async () => {
        const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
        const general = await channel('general', alice, 'public', [alice, bob]);
        const café = await channel('Café', alice, 'private', [alice, bob]);
        const withBob = await dm([alice, bob]);
        const group = await dm([alice, bob, carol]);
        const say = (conversationId: number, author: User, body: string, createdAt: number) =>
          s.appendMessage({ ...message(conversationId, author, body, `f${++sent}`), createdAt });
        await say(general.id, alice, 'report one https://example.com', at(0));
        await say(general.id, bob, 'report two', at(1));
        await say(café.id, bob, 'report three HTTP://EXAMPLE.ORG', at(2));
        await say(withBob.id, bob, 'report four', at(3));
        await say(group.id, bob, 'report five', at(40));
        expect(await find(alice, 'report from:@bob')).toEqual(['report five', 'report four', 'report three HTTP://EXAMPLE.ORG', 'report two']);
        expect(await find(alice, 'report from:ALICE from:nobody')).toEqual(['report one https://example.com']);
        expect(await find(alice, 'report in:#general')).toEqual(['report two', 'report one https://example.com']);
        expect(await find(alice, 'report in:#café in:general')).toEqual(['report three HTTP://EXAMPLE.ORG', 'report two', 'report one https://example.com']);
        expect(await find(alice, 'report in:@bob')).toEqual(['report four']);
        expect(await find(bob, 'report in:@alice')).toEqual(['report four']);
        expect(await find(alice, 'report in:@carol')).toEqual([]); // a group DM is not "the DM with carol"
        expect(await find(alice, 'report in:#nowhere')).toEqual([]);
        expect(await find(alice, 'has:link')).toEqual(['report three HTTP://EXAMPLE.ORG', 'report one https://example.com']);
        expect(await find(alice, 'from:@bob before:2026-03-04')).toEqual(['report three HTTP://EXAMPLE.ORG', 'report two']);
        expect(await find(alice, 'report after:2026-03-03')).toEqual(['report five', 'report four']);
        expect(await find(alice, 'during:2026-03-02')).toEqual(['report two']);
        expect(await find(alice, 'during:2026-04')).toEqual(['report five']);
        expect(await find(alice, 'from:@bob -three -four -five')).toEqual(['report two']);
      });

      it('searches only conversations the reader is a member of now: replies yes, system messages and other people’s conversations no', async () => {
        const [alice, bob, eve] = [await user('alice'), await user('bob'), await user('eve')];
        const open = await channel('open', alice);
        const secret = await channel('secret', alice, 'private', [alice, eve]);
        const theirs = await dm([alice, bob]);
        const { message: root } = await post(open.id, alice, 'needle in public');
        await s.appendMessage({ ...message(open.id, alice, 'needle in a reply', 'reply-1'), threadId: root.id });
        await post(secret.id, alice, 'needle in private');
        await post(theirs.id, bob, 'needle in a DM');
        await s.appendMessage(message(open.id, alice, 'needle in a notice'));
        expect(await find(eve, 'needle')).toEqual(['needle in private']);
        expect(await find(bob, 'needle')).toEqual(['needle in a DM']);
        expect(await find(alice, 'needle')).toEqual(['needle in a DM', 'needle in private', 'needle in a reply', 'needle in public']);
        await s.joinConversation(open.id, eve.id, T0, 'joined');
        expect(await find(eve, 'needle')).toEqual(['needle in private', 'needle in a reply', 'needle in public']);
        await s.leaveConversation(secret.id, eve.id, T0, 'left');
        await s.leaveConversation(open.id, eve.id, T0, 'left');
        expect(await find(eve, 'needle')).toEqual([]);
        expect(await find(eve, 'in:#secret')).toEqual([]);
        await s.deleteConversation(theirs.id);
        expect(await find(bob, 'needle')).toEqual([]);
      });

      it('an edit re-indexes the message and a deletion removes it', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const { message: typo } = await post(general.id, alice, 'the deploymnet failed');
        const { message: doomed } = await post(general.id, alice, 'delete this secret');
        await s.editMessage({ messageId: typo.id, authorId: alice.id, body: 'the deployment failed', at: T0 + 20 });
        expect(await find(alice, 'deploymnet')).toEqual([]);
        expect(await find(alice, 'deployment')).toEqual(['the deployment failed']);
        await s.deleteMessage({ messageId: doomed.id, authorId: alice.id, at: T0 + 30 });
        expect(await find(alice, 'secret')).toEqual([]);
        expect(await find(alice, 'from:@alice')).toEqual(['the deployment failed']);
        const [found] = await s.searchMessages({ userId: alice.id, ...parseSearchQuery('deployment'), limit: 5 });
        expect(found).toEqual(await s.getMessage(typo.id));
      });

      it('pages newest first by message id, with no overlap or gap', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const other = await channel('other', alice);
        for (let i = 1; i <= 7; i++) {
          await post(i % 2 ? general.id : other.id, alice, `page item ${i}`);
          await post(general.id, alice, `filler ${i}`);
        }
        for (const query of ['item', 'from:@alice -filler']) {
          const seen: string[] = [];
          let beforeId: number | undefined;
          for (let pages = 0; pages < 5; pages++) {
            const page = await s.searchMessages({ userId: alice.id, ...parseSearchQuery(query), limit: 3, beforeId });
            seen.push(...page.map((m) => m.body));
            if (page.length < 3) break;
            beforeId = page.at(-1)!.id;
          }
          expect(seen, query).toEqual([7, 6, 5, 4, 3, 2, 1].map((i) => `page item ${i}`));
        }
      });
    });

    describe('files', () => {
      let fileCount = 0;
      /** An unsent upload of `owner`; images have a size. */
      const upload = async (owner: User, image = false) => {
        const file = {
          id: `file${String(++fileCount).padStart(18, '0')}`,
          name: `f${fileCount}${image ? '.png' : '.pdf'}`,
          size: 100 + fileCount,
          type: image ? 'image/png' : 'application/pdf',
          ...(image && { width: 640, height: 480 }),
        };
        await s.createFile({ ...file, userId: owner.id, createdAt: T0 + fileCount });
        return file;
      };
      const withFiles = (conversationId: number, author: User, fileIds: string[], body = '') =>
        s.appendMessage({ ...message(conversationId, author, body, `c${++sent}`), fileIds });

      it('a message carries its author’s unsent uploads, in order, in history, catch-up and search', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const [pdf, png] = [await upload(alice), await upload(alice, true)];
        expect(await s.findFile(png.id)).toEqual({ ...png, userId: alice.id, messageId: null, conversationId: null, createdAt: expect.any(Number) });
        const { message: sentWith } = await withFiles(general.id, alice, [png.id, pdf.id], 'two files');
        expect(sentWith.files).toEqual([png, pdf]);
        expect((await s.history(general.id, { limit: 10 })).at(-1)!.files).toEqual([png, pdf]);
        expect((await s.changesSince(general.id, 0, 10)).messages.at(-1)!.files).toEqual([png, pdf]);
        expect(await s.findFile(pdf.id)).toMatchObject({ messageId: sentWith.id, conversationId: general.id });
        await post(general.id, alice, 'no files here');
        const search = async (query: string) =>
          (await s.searchMessages({ userId: alice.id, ...parseSearchQuery(query), limit: 10 })).map((m) => m.body);
        expect(await search('has:file')).toEqual(['two files']);
        expect(await search('has:image files')).toEqual(['two files']);
        expect(await search('has:file here')).toEqual([]);
        // By its files' names too, until it is deleted.
        expect(await search(png.name.slice(1, 5))).toEqual(['two files']);
        expect(await search(`${png.name.slice(1, 5)} -two`)).toEqual([]);
        await s.deleteMessage({ messageId: sentWith.id, authorId: alice.id, at: T0 + 99 });
        expect(await search(png.name.slice(1, 5))).toEqual([]);
      });

      it('refuses, writing nothing, files that are someone else’s, already sent or unknown', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const mine = await upload(alice);
        const bobs = await upload(bob);
        await withFiles(general.id, alice, [mine.id]);
        const clock = await s.getClock(general.id);
        for (const ids of [[bobs.id], [mine.id], ['nosuchfile000000000000'], [bobs.id, mine.id]]) {
          await expect(withFiles(general.id, alice, ids)).rejects.toBeInstanceOf(FilesUnavailable);
        }
        expect(await s.getClock(general.id)).toBe(clock);
        expect(await s.history(general.id, { limit: 10 })).toHaveLength(1);
        expect(await s.findFile(bobs.id)).toMatchObject({ messageId: null });
      });

      it('deleting the message, or its conversation, removes its file rows', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const doomed = await channel('doomed', alice);
        const [a, b] = [await upload(alice), await upload(alice)];
        const { message: first } = await withFiles(general.id, alice, [a.id]);
        await withFiles(doomed.id, alice, [b.id]);
        const tombstone = (await s.deleteMessage({ messageId: first.id, authorId: alice.id, at: T0 + 100 }))?.message;
        expect(tombstone!.files).toBeUndefined();
        expect(await s.findFile(a.id)).toBeNull();
        await s.deleteConversation(doomed.id);
        expect(await s.findFile(b.id)).toBeNull();
        expect(await s.existingFileIds([a.id, b.id])).toEqual(new Set());
      });

      it('discards and expires unsent uploads only', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice);
        const [sentOne, old, kept] = [await upload(alice), await upload(alice), await upload(alice)];
        await withFiles(general.id, alice, [sentOne.id]);
        expect(await s.discardUpload(sentOne.id, alice.id)).toBe(false);
        expect(await s.discardUpload(kept.id, bob.id)).toBe(false);
        const cutoff = (await s.findFile(kept.id))!.createdAt;
        expect(await s.expireUploads(cutoff, 10)).toEqual([old.id]);
        expect(await s.existingFileIds([sentOne.id, old.id, kept.id])).toEqual(new Set([sentOne.id, kept.id]));
        expect(await s.discardUpload(kept.id, alice.id)).toBe(true);
        expect(await s.findFile(kept.id)).toBeNull();
      });

      it('two nodes sending one upload at once: exactly one message gets it', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const file = await upload(alice);
        const nodes = await Promise.all([1, 2].map(() => connect(db)));
        const results = await Promise.allSettled(
          nodes.map((node, n) => node.appendMessage({ ...message(general.id, alice, `race ${n}`, `race-${n}`), fileIds: [file.id] })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(FilesUnavailable)]);
        expect(await s.history(general.id, { limit: 10 })).toHaveLength(1);
      });
    });

    describe('notification defaults', () => {
      it('start unset, are kept per user, and may be unset again', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        expect(await s.getNotifyDefaults(alice.id)).toEqual({ dm: null, channel: null });
        await s.setNotifyDefaults(alice.id, { dm: 'mentions', channel: 'nothing' });
        expect(await s.getNotifyDefaults(alice.id)).toEqual({ dm: 'mentions', channel: 'nothing' });
        expect(await s.getNotifyDefaults(bob.id)).toEqual({ dm: null, channel: null });
        await s.setNotifyDefaults(alice.id, { dm: null, channel: 'all' });
        expect(await s.getNotifyDefaults(alice.id)).toEqual({ dm: null, channel: 'all' });
      });
    });

    // ---------- several nodes ----------

    describe('several nodes on one database', () => {
      it('concurrent writers on separate connections produce seqs 1..200 with no gap or duplicate', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const nodes = await Promise.all([1, 2, 3, 4].map(() => connect(db)));
        const results = await Promise.all(
          nodes.flatMap((node, n) =>
            range(1, 50).map((i) => node.appendMessage(message(general.id, alice, `n${n} m${i}`, `n${n}-${i}`))),
          ),
        );
        expect(results.every((r) => r.created)).toBe(true);
        expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(range(1, 200));
        const stored = await s.messagesAfter(general.id, 0, 1000);
        expect(seqs(stored)).toEqual(range(1, 200));
        expect(new Set(stored.map((m) => m.clientId)).size).toBe(200);
        expect(await s.getConversation(general.id)).toMatchObject({ lastSeq: 200 });
        expect(await s.getMembership(general.id, alice.id)).toMatchObject({ lastReadSeq: 200 });
      });

      it('two nodes racing the same retry store exactly one message', async () => {
        const alice = await user('alice');
        const general = await channel('general', alice);
        const nodes = await Promise.all([1, 2].map(() => connect(db)));
        for (let round = 1; round <= 10; round++) {
          const [a, b] = await Promise.all(
            nodes.map((node) => node.appendMessage(message(general.id, alice, `round ${round}`, `race-${round}`))),
          );
          expect([a!.created, b!.created].sort()).toEqual([false, true]);
          expect(a!.message).toEqual(b!.message);
        }
        expect(seqs(await s.messagesAfter(general.id, 0, 100))).toEqual(range(1, 10));
        expect(await s.getConversation(general.id)).toMatchObject({ lastSeq: 10 });
        expect(await s.getClock(general.id)).toBe(10); // a refused retry gives its tick back
      });

      it('concurrent sends, edits and reactions on four connections tick the clock 1..N with no gap or duplicate', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice, 'public', [alice, bob]);
        const seeded: Message[] = [];
        for (let i = 1; i <= 10; i++) seeded.push((await post(general.id, alice, `seed ${i}`)).message);
        const nodes = await Promise.all([1, 2, 3, 4].map(() => connect(db)));
        const stamps = await Promise.all(
          nodes.flatMap((node, n) =>
            range(1, 15).map(async (i) => {
              const target = seeded[(n * 15 + i) % seeded.length]!;
              if (i % 3 === 0) {
                return (await node.editMessage({ messageId: target.id, authorId: alice.id, body: `edit ${n}-${i}`, at: T0 }))!.message.clock;
              }
              if (i % 3 === 1) {
                return (await node.appendMessage(message(general.id, alice, `n${n} m${i}`, `cc-${n}-${i}`))).message.clock;
              }
              const emoji = ['😀', '😁', '😂', '🤣'][n]!;
              const user = i % 2 ? alice : bob;
              const added = await node.addReaction({ messageId: target.id, userId: user.id, emoji, at: T0 }, 50);
              return added!.changed ? added!.message.clock : null;
            }),
          ),
        );
        const ticks = stamps.filter((c): c is number => c !== null).sort((a, b) => a - b);
        expect(ticks).toEqual(range(11, 10 + ticks.length));
        expect(await s.getClock(general.id)).toBe(10 + ticks.length);
        const { messages } = await s.changesSince(general.id, 0, 1000);
        // One current state per message, stamped with the tick of its last change.
        expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
        expect(new Set(messages.map((m) => m.clock)).size).toBe(messages.length);
      });
    });
  });
}
