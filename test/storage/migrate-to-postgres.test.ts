import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copySqliteToPostgres } from '../../src/storage/postgres/copy-from-sqlite.js';
import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { DATABASE_URL, schemaNamespace, withPostgres } from './postgres-harness.js';

const schemas = schemaNamespace('copy');
const T0 = 1_750_000_000_000;

/** A small install with the irregularities a real one has: id gaps, several conversations, read positions. */
async function fillSqlite(file: string) {
  const s = await openSqliteStorage(file);
  const make = (username: string) => s.createUser({ username, passwordHash: `hash:${username}`, createdAt: T0 });
  const alice = await make('Alice');
  const gone = await make('gone');
  const bob = await make('bob');
  const carol = await make('carol');
  const channel = (name: string, kind: 'public' | 'private', memberIds: number[]) =>
    s.createConversation({ kind, name, topic: `${name}!`, createdBy: alice.id, createdAt: T0, dmKey: null, memberIds });
  const general = await channel('general', 'public', [alice.id, bob.id, carol.id]);
  const dropped = await channel('dropped', 'public', [alice.id]);
  const secret = await channel('secret', 'private', [alice.id, bob.id]);
  const dm = await s.createConversation({
    kind: 'dm',
    name: '',
    topic: '',
    createdBy: bob.id,
    createdAt: T0,
    dmKey: `${bob.id},${carol.id}`,
    memberIds: [bob.id, carol.id],
  });
  let n = 0;
  const post = (conversationId: number, authorId: number) =>
    s.appendMessage({ conversationId, authorId, kind: 'user', body: `msg ${++n}`, clientId: `c${n}`, createdAt: T0 + n });
  for (let i = 0; i < 3; i++) {
    await post(general.id, alice.id);
    await post(secret.id, bob.id);
    await post(dm.id, carol.id);
  }
  await s.appendMessage({
    conversationId: general.id,
    authorId: carol.id,
    kind: 'system',
    body: 'joined',
    clientId: null,
    createdAt: T0,
  });
  // The change log: an edit with its earlier version, reactions, and a tombstone.
  const [first, second] = await s.messagesAfter(general.id, 0, 2);
  await s.editMessage({ messageId: first!.id, authorId: alice.id, body: 'msg 1, corrected', at: T0 + 50 });
  await s.addReaction({ messageId: first!.id, userId: bob.id, emoji: '👍', at: T0 + 51 }, 50);
  await s.addReaction({ messageId: first!.id, userId: carol.id, emoji: '👍', at: T0 + 52 }, 50);
  await s.deleteMessage({ messageId: second!.id, authorId: alice.id, at: T0 + 53 });
  await s.appendMessage({ conversationId: general.id, threadId: first!.id, authorId: bob.id, kind: 'user', body: 'a reply', clientId: 'reply-1', createdAt: T0 + 54 });
  // Files: one sent with a message, one still an unsent upload.
  const upload = (id: string, userId: number) => ({ id, name: `${id}.png`, size: 10, type: 'image/png', width: 4, height: 3, userId, createdAt: T0 });
  await s.createFile(upload('aaaaaaaaaaaaaaaaaaaaaa', carol.id));
  await s.createFile(upload('bbbbbbbbbbbbbbbbbbbbbb', carol.id));
  await s.appendMessage({ conversationId: dm.id, authorId: carol.id, kind: 'user', body: '', clientId: 'with-file', createdAt: T0 + 55, fileIds: ['aaaaaaaaaaaaaaaaaaaaaa'] });
  await s.setReadPosition(general.id, bob.id, 2);
  await s.setBlocked(carol.id, alice.id, true);
  await s.setHidden(dm.id, bob.id, true);
  await s.setNotifyPreferences(general.id, bob.id, { notify: 'all', muted: true });
  await s.setNotifyDefaults(bob.id, { dm: 'mentions', channel: null });
  await s.saveDraft({ userId: alice.id, conversationId: general.id, threadId: first!.id, body: 'an unsent reply', updatedAt: T0 + 60 });
  await s.setLastConversation(alice.id, secret.id);
  await s.setLastConversation(bob.id, dm.id);
  await s.setLastConversation(carol.id, dropped.id);
  await s.createSession({ tokenHash: 'alice-phone', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0 });
  await s.createSession({ tokenHash: 'bob-laptop', userId: bob.id, passwordHash: bob.passwordHash, createdAt: T0 });
  // An incoming webhook: a bot account with its token (and its audit entry).
  const hook = await s.createIntegration(
    { kind: 'webhook', username: 'ci', colour: '#059669', tokenHash: 'ci-hook', channelId: general.id, createdBy: alice.id, createdAt: T0 },
    { at: T0, actorId: alice.id, action: 'bot.create', detail: { kind: 'webhook' } },
  );
  // An outgoing webhook with one delivery queued and its cursor past the message.
  const outgoing = await s.createOutgoingHook(
    { name: 'echo', url: 'https://example.test/', channelId: general.id, trigger: 'message', words: [], posterUserId: alice.id, secret: 'whsec_x', createdBy: alice.id, createdAt: T0 },
    { at: T0, actorId: alice.id, action: 'outgoing.create' },
  );
  await s.enqueueOutgoing(outgoing.id, [{ conversationId: general.id, messageId: first!.id }], [{ messageId: first!.id, conversationId: general.id, threadRootId: first!.id, payload: '{}' }], { at: T0, pendingMax: 10, logKept: 10 });
  await s.close();

  // Rows deleted by hand (the app never deletes these) leave id gaps that a renumbering copy would close.
  const raw = new Database(file);
  raw.pragma('foreign_keys = ON');
  raw.prepare('DELETE FROM users WHERE id = ?').run(gone.id);
  raw.prepare('DELETE FROM conversations WHERE id = ?').run(dropped.id);
  raw.close();
  return { users: [alice, bob, carol, hook.user], conversations: [general, secret, dm] };
}

/** Everything a client could observe, read through the Storage interface. */
async function observe(s: Storage, userIds: number[], conversationIds: number[]) {
  return {
    users: await s.listUsers(),
    records: await Promise.all(userIds.map((id) => s.findUserById(id))),
    webhooks: await s.listIntegrations('webhook', 10),
    lastConversations: await Promise.all(userIds.map((id) => s.getLastConversation(id))),
    conversations: await Promise.all(userIds.map((id) => s.listMemberConversations(id))),
    publicChannels: await Promise.all(userIds.map((id) => s.listPublicChannels(id, { limit: 100 }))),
    sessions: await Promise.all(['alice-phone', 'bob-laptop'].map((token) => s.findSessionUser(token))),
    memberships: await Promise.all(conversationIds.flatMap((c) => userIds.map((u) => s.getMembership(c, u)))),
    messages: await Promise.all(conversationIds.map((id) => s.messagesAfter(id, 0, 1000))),
    clocks: await Promise.all(conversationIds.map((id) => s.getClock(id))),
    threads: await Promise.all(userIds.map((id) => s.listThreads(id, { limit: 10 }))),
    blocked: await Promise.all(userIds.map((id) => s.listBlocked(id))),
    drafts: await Promise.all(userIds.map((id) => s.listDrafts(id, 10))),
    notifyDefaults: await Promise.all(userIds.map((id) => s.getNotifyDefaults(id))),
    hooks: await s.listOutgoingHooks(),
    deliveries: await s.listOutgoingDeliveries(1, { limit: 10 }),
    files: await Promise.all(['aaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbb'].map((id) => s.findFile(id))),
    versions: await Promise.all(
      (await Promise.all(conversationIds.map((id) => s.messagesAfter(id, 0, 1000)))).flat().map((m) => s.messageVersions(m.id)),
    ),
  };
}

withPostgres(() => {
  const dir = mkdtempSync(join(tmpdir(), 'flack-migrate-'));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await schemas.drop();
  });

  describe('copying a SQLite install into PostgreSQL', () => {
    it('keeps ids, seqs, sessions, memberships and read positions, and new rows continue after them', async () => {
      const file = join(dir, 'flack.db');
      const { users, conversations } = await fillSqlite(file);
      const userIds = users.map((u) => u.id);
      const conversationIds = conversations.map((c) => c.id);
      const sqlite = await openSqliteStorage(file);
      const before = await observe(sqlite, userIds, conversationIds);
      await sqlite.close();
      // SQLite keeps pointing at the deleted conversation; the copy drops that dangling reference.
      const [general, secret, dm] = conversations;
      expect(before.lastConversations).toEqual([secret!.id, dm!.id, expect.any(Number), null]);
      const expected = { ...before, lastConversations: [secret!.id, dm!.id, null, null] };

      const counts = await copySqliteToPostgres(file, DATABASE_URL, { schema: schemas.schema('full') });
      expect(counts).toEqual({
        users: 4,
        conversations: 3,
        members: 7,
        sessions: 2,
        password_resets: 0,
        messages: 12,
        message_versions: 1,
        reactions: 2,
        thread_reads: 2,
        blocks: 1,
        drafts: 1,
        mentions: 0,
        files: 2,
        workspace: 1,
        invites: 0,
        audit_log: 2,
        bots: 1,
        outgoing_hooks: 1,
        outgoing_cursors: 1,
        outgoing_deliveries: 1,
        push_keys: 0,
        push_subscriptions: 0,
        'last conversations': 2,
      });

      const pg = await openPostgresStorage(DATABASE_URL, { schema: schemas.schema('full') });
      try {
        expect(await observe(pg, userIds, conversationIds)).toEqual(expected);
        const [alice, bob] = users;
        const dave = await pg.createUser({ username: 'dave', passwordHash: 'h', createdAt: T0 });
        expect(dave.id).toBe(Math.max(...userIds) + 1);
        const next = await pg.createConversation({
          kind: 'public',
          name: 'next',
          topic: '',
          createdBy: alice!.id,
          createdAt: T0,
          dmKey: null,
          memberIds: [],
        });
        expect(next.id).toBe(Math.max(...conversationIds) + 1);
        const send = (authorId: number, clientId: string) =>
          pg.appendMessage({ conversationId: general!.id, authorId, kind: 'user', body: 'after', clientId, createdAt: T0 });
        const lastMessageId = Math.max(...before.messages.flat().map((m) => m.id)); // the reply, in its thread, came before the last
        expect((await send(bob!.id, 'c-new')).message).toMatchObject({ id: lastMessageId + 1, seq: 5 });
        // Idempotency keys came along: a send retried across the move is still recognised.
        expect(await send(alice!.id, 'c1')).toMatchObject({ created: false, message: { seq: 1, body: 'msg 1, corrected' } });
      } finally {
        await pg.close();
      }
    });

    it('refuses a database that already has users, and copies nothing', async () => {
      const file = join(dir, 'small.db');
      const s = await openSqliteStorage(file);
      await s.createUser({ username: 'erin', passwordHash: 'h', createdAt: T0 });
      await s.close();
      const target = await openPostgresStorage(DATABASE_URL, { schema: schemas.schema('busy') });
      try {
        await target.createUser({ username: 'already-here', passwordHash: 'h', createdAt: T0 });
        await expect(copySqliteToPostgres(file, DATABASE_URL, { schema: schemas.schema('busy') })).rejects.toThrow(
          /already has users/,
        );
        expect((await target.listUsers()).map((u) => u.username)).toEqual(['already-here']);
      } finally {
        await target.close();
      }
    });
  });
});
