// The one storage conformance suite: every Storage implementation runs it, so the domain core can rely on the
// promises in src/storage/storage.ts whichever database sits underneath.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationKind, User } from '../../src/shared/protocol.js';
import { UniqueViolation, type AppendResult, type NewMessage, type Storage } from '../../src/storage/storage.js';

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
    const publicUser = ({ id, username, createdAt }: User): User => ({ id, username, createdAt });
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

    // ---------- users ----------

    describe('users', () => {
      it('a new user gets a numeric id and can be found by id, and by name in any case', async () => {
        const alice = await s.createUser({ username: 'Alice', passwordHash: 'h1', createdAt: T0 });
        expect(alice).toEqual({ id: expect.any(Number), username: 'Alice', passwordHash: 'h1', createdAt: T0 });
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
        await s.deactivateUser(alice.id, T0 + 5);

        const gone = { ...publicUser(alice), deactivated: true };
        expect(await s.findUserById(alice.id)).toEqual({ ...gone, passwordHash: '' });
        expect(await s.findUserByName('ALICE')).toEqual({ ...gone, passwordHash: '' });
        expect(await s.listUsers()).toEqual([gone, publicUser(bob)]);
        expect(await s.findUsersByIds([alice.id])).toEqual([gone]);
        expect(await s.listMembers(general.id)).toEqual([gone, publicUser(bob)]);
        expect((await s.getConversation(dm.id))?.members).toEqual([gone, publicUser(bob)]);
        expect(await s.findSessionUser('h-a1')).toBeNull();
        expect(await s.findSessionUser('h-b1')).toBe(bob.id);
        expect((await s.history(general.id, { limit: 10 })).map((m) => [m.authorName, m.body])).toEqual([
          ['alice', 'still here after I go'],
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
        await s.deactivateUser(bob.id, T0 + 1);
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
        });
      });

      it('channel names are unique ignoring case, across public and private channels', async () => {
        const alice = await user('alice');
        await channel('general', alice);
        await expectUnique(channel('GENERAL', alice, 'private'), 'channel_name');
        await channel('random', alice, 'private');
        await expectUnique(channel('Random', alice), 'channel_name');
        // The rejected channels left nothing behind.
        expect((await s.listVisibleConversations(alice.id)).map((c) => c.name).sort()).toEqual(['general', 'random']);
      });

      it('channel names that look alike collide: a Cyrillic е, fullwidth letters, rn for m', async () => {
        const alice = await user('alice');
        await channel('general', alice);
        await channel('modern', alice, 'private');
        for (const lookAlike of ['g\u0435neral', 'ｇｅｎｅｒａｌ', 'GENERAL']) await expectUnique(channel(lookAlike, alice), 'channel_name');
        await expectUnique(channel('rnodern', alice, 'private'), 'channel_name');
        const other = await channel('generals', alice);
        await expectUnique(s.updateConversation(other.id, { name: 'gener\u0430l' }), 'channel_name');
        expect((await s.listVisibleConversations(alice.id)).map((c) => c.name).sort()).toEqual(['general', 'generals', 'modern']);
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
        const topical = await s.updateConversation(general.id, { topic: 'new topic' });
        expect(topical).toEqual({ ...general, topic: 'new topic' });
        const renamed = await s.updateConversation(general.id, { name: 'lobby' });
        expect(renamed).toEqual({ ...general, name: 'lobby', topic: 'new topic' });
        expect(await s.updateConversation(general.id, { name: 'Lobby' })).toMatchObject({ name: 'Lobby' });
        await expectUnique(s.updateConversation(general.id, { name: 'RANDOM' }), 'channel_name');
        expect(await s.getConversation(general.id)).toMatchObject({ name: 'Lobby', topic: 'new topic' });
      });

      it('everyone sees every public channel; private channels and DMs only their members', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const carol = await user('carol');
        const general = await channel('general', alice);
        const secret = await channel('secret', alice, 'private', [alice, bob]);
        const pair = await dm([alice, carol]);
        await postMany(secret.id, alice, 2);

        const visible = async (u: User) => byId(await s.listVisibleConversations(u.id));
        expect(await visible(alice)).toEqual([
          { ...general, isMember: true, lastReadSeq: 0 },
          { ...secret, lastSeq: 2, isMember: true, lastReadSeq: 2 },
          { ...pair, isMember: true, lastReadSeq: 0 },
        ]);
        expect(await visible(bob)).toEqual([
          { ...general, isMember: false, lastReadSeq: 0 },
          { ...secret, lastSeq: 2, isMember: true, lastReadSeq: 0 },
        ]);
        expect((await visible(carol)).map((c) => [c.id, c.isMember])).toEqual([
          [general.id, false],
          [pair.id, true],
        ]);
      });

      it('the channel browser lists public channels only, with the viewer’s membership', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const general = await channel('general', alice);
        const random = await channel('random', bob);
        await channel('secret', alice, 'private');
        await dm([alice, bob]);
        expect(byId(await s.listPublicChannels(alice.id))).toEqual([
          { ...general, isMember: true, lastReadSeq: 0 },
          { ...random, isMember: false, lastReadSeq: 0 },
        ]);
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
        expect(await s.addMember(general.id, bob.id, T0 + 50)).toBe(true);
        expect(await s.getMembership(general.id, bob.id)).toEqual({
          conversationId: general.id,
          userId: bob.id,
          lastReadSeq: 3,
          joinedAt: T0 + 50,
        });
        await post(general.id, alice);
        expect(await s.addMember(general.id, bob.id, T0 + 60)).toBe(false);
        expect(await s.getMembership(general.id, bob.id)).toMatchObject({ lastReadSeq: 3, joinedAt: T0 + 50 });
        expect(await s.getConversation(general.id)).toMatchObject({ memberCount: 2 });
      });

      it('a removed member loses a private channel from view', async () => {
        const alice = await user('alice');
        const bob = await user('bob');
        const secret = await channel('secret', alice, 'private', [alice, bob]);
        expect(await s.removeMember(secret.id, bob.id)).toBe(true);
        expect(await s.removeMember(secret.id, bob.id)).toBe(false);
        expect(await s.getMembership(secret.id, bob.id)).toBeNull();
        expect(await s.getConversation(secret.id)).toMatchObject({ memberCount: 1 });
        expect(await s.listVisibleConversations(bob.id)).toEqual([]);
        expect(await s.listMemberConversationIds(bob.id)).toEqual([]);
      });

      it('lists members as users without password hashes', async () => {
        const carol = await user('carol');
        const alice = await user('alice');
        const general = await channel('general', alice, 'public', [alice, carol]);
        expect(byId(await s.listMembers(general.id))).toEqual([publicUser(carol), publicUser(alice)]);
        for (const member of await s.listMembers(general.id)) expect(member).not.toHaveProperty('passwordHash');
        expect([...(await s.listMemberIds(general.id))].sort((a, b) => a - b)).toEqual([carol.id, alice.id]);
        expect(await s.listMembers(general.id + 1000)).toEqual([]);
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
      });
    });
  });
}
