// A workspace with one of everything an export carries, written through the Storage interface.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from '../../src/storage/storage.js';

export const T0 = 1_750_000_000_000;
export const FILE_A = 'aaaaaaaaaaaaaaaaaaaaaa';
export const FILE_B = 'bbbbbbbbbbbbbbbbbbbbbb';

export async function fillWorkspace(s: Storage, filesDir: string) {
  const make = (username: string) => s.createUser({ username, passwordHash: `hash:${username}`, createdAt: T0 });
  const alice = await make('Alice');
  const bob = await make('bob');
  const carol = await make('carol');
  const channel = (name: string, kind: 'public' | 'private', memberIds: number[]) =>
    s.createConversation({ kind, name, topic: `${name}!`, createdBy: alice.id, createdAt: T0, dmKey: null, memberIds });
  const general = await channel('general', 'public', [alice.id, bob.id, carol.id]);
  const secret = await channel('secret', 'private', [alice.id, bob.id]);
  const news = await channel('news', 'public', [alice.id, carol.id]);
  const dm = await s.createConversation({ kind: 'dm', name: '', topic: '', createdBy: bob.id, createdAt: T0, dmKey: `${bob.id},${carol.id}`, memberIds: [bob.id, carol.id] });
  let n = 0;
  const post = (conversationId: number, authorId: number, extra: object = {}) =>
    s.appendMessage({ conversationId, authorId, kind: 'user', body: `msg ${++n}`, clientId: `c${n}`, createdAt: T0 + n, ...extra });
  for (let i = 0; i < 3; i++) {
    await post(general.id, alice.id);
    await post(secret.id, bob.id);
    await post(dm.id, carol.id);
  }
  await post(general.id, bob.id, { body: 'hey @carol', mentions: { userIds: [carol.id], all: false, here: null } });
  await s.appendMessage({ conversationId: general.id, authorId: carol.id, kind: 'system', body: 'joined', clientId: null, createdAt: T0 });
  const [first, second] = await s.messagesAfter(general.id, 0, 2);
  await s.editMessage({ messageId: first!.id, authorId: alice.id, body: 'msg 1, corrected', at: T0 + 50 });
  await s.editMessage({ messageId: first!.id, authorId: alice.id, body: 'msg 1, corrected again', at: T0 + 51 });
  await s.addReaction({ messageId: first!.id, userId: bob.id, emoji: '👍', at: T0 + 51 }, 50);
  await s.addReaction({ messageId: first!.id, userId: carol.id, emoji: '👍', at: T0 + 52 }, 50);
  await s.addReaction({ messageId: first!.id, userId: carol.id, emoji: '🎉', at: T0 + 53 }, 50);
  await s.deleteMessage({ messageId: second!.id, authorId: alice.id, at: T0 + 53 });
  await s.appendMessage({ conversationId: general.id, threadId: first!.id, authorId: bob.id, kind: 'user', body: 'a reply', clientId: 'reply-1', createdAt: T0 + 54 });
  await s.appendMessage({ conversationId: general.id, threadId: first!.id, authorId: carol.id, kind: 'user', body: 'another', clientId: 'reply-2', createdAt: T0 + 55 });
  const { message: broadcast } = await s.appendMessage({ conversationId: general.id, threadId: first!.id, alsoToChannel: true, authorId: carol.id, kind: 'user', body: 'for all', clientId: 'reply-3', createdAt: T0 + 55 });
  await s.editMessage({ messageId: broadcast.alsoInChannel!, authorId: carol.id, body: 'for everyone', at: T0 + 56 });
  const upload = (id: string, userId: number) => ({ id, name: `${id}.png`, size: 10, type: 'image/png', width: 4, height: 3, userId, createdAt: T0 });
  await s.createFile(upload(FILE_A, carol.id));
  await s.createFile(upload(FILE_B, carol.id));
  await mkdir(join(filesDir, 'aa'), { recursive: true });
  await mkdir(join(filesDir, 'bb'), { recursive: true });
  await writeFile(join(filesDir, 'aa', FILE_A), 'bytes of A');
  await writeFile(join(filesDir, 'aa', `${FILE_A}.preview`), 'preview A');
  await writeFile(join(filesDir, 'bb', FILE_B), 'bytes of B');
  await s.appendMessage({ conversationId: dm.id, authorId: carol.id, kind: 'user', body: '', clientId: 'with-file', createdAt: T0 + 56, fileIds: [FILE_A] });
  await s.setReadPosition(general.id, bob.id, 2);
  await s.setBlocked(carol.id, alice.id, true);
  await s.setHidden(dm.id, bob.id, true);
  await s.setNotifyPreferences(general.id, bob.id, { notify: 'all', muted: true });
  await s.setNotifyDefaults(bob.id, { dm: 'mentions', channel: null });
  await s.setLastConversation(alice.id, secret.id);
  await s.updateConversation(news.id, { archived: true, announcement: true, retentionDays: 30 }, [], T0 + 70);
  const bot = await s.createIntegration(
    { kind: 'bot', username: 'helper', colour: '#059669', tokenHash: 'bot-token', channelId: null, createdBy: alice.id, createdAt: T0 },
    { at: T0, actorId: alice.id, action: 'bot.create', detail: { kind: 'bot' } },
  );
  await s.joinConversation(general.id, bot.user.id, T0 + 80, 'joined');
  await s.appendMessage({ conversationId: general.id, authorId: bot.user.id, kind: 'user', body: 'beep', clientId: 'b1', createdAt: T0 + 81 });
  await s.createSession({ tokenHash: 'alice-phone', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0 });
  return { userIds: [alice.id, bob.id, carol.id, bot.user.id], conversationIds: [general.id, secret.id, news.id, dm.id] };
}

/** Everything a client could observe (no secrets: password hashes, sessions, tokens; no drafts). */
export async function observe(s: Storage, userIds: number[], conversationIds: number[]) {
  const messages = await Promise.all(conversationIds.map((id) => s.messagesAfter(id, 0, 1000)));
  return {
    users: await s.listUsers(),
    allUsers: await s.listAllUsers({ limit: 100 }),
    bots: (await s.listIntegrations('bot', 10)).map(({ lastUsedAt: _l, ...rest }) => rest),
    lastConversations: await Promise.all(userIds.map((id) => s.getLastConversation(id))),
    conversations: await Promise.all(userIds.map((id) => s.listMemberConversations(id))),
    publicChannels: await Promise.all(userIds.map((id) => s.listPublicChannels(id, { limit: 100 }))),
    memberships: await Promise.all(conversationIds.flatMap((c) => userIds.map((u) => s.getMembership(c, u)))),
    members: await Promise.all(conversationIds.map((c) => s.listMembers(c, { limit: 100 }))),
    messages,
    threads: await Promise.all(messages.flat().map((m) => s.threadHistory(m.id, { limit: 100 }))),
    followed: await Promise.all(userIds.map((id) => s.listThreads(id, { limit: 10 }))),
    clocks: await Promise.all(conversationIds.map((id) => s.getClock(id))),
    blocked: await Promise.all(userIds.map((id) => s.listBlocked(id))),
    notifyDefaults: await Promise.all(userIds.map((id) => s.getNotifyDefaults(id))),
    mentionCounts: await Promise.all(conversationIds.flatMap((c) => userIds.map((u) => s.mentionCount(c, u)))),
    files: await Promise.all([FILE_A, FILE_B].map((id) => s.findFile(id))),
    versions: await Promise.all(messages.flat().map((m) => s.messageVersions(m.id))),
    search: await s.searchMessages({ userId: userIds[0]!, terms: [{ text: 'msg', negated: false, indexed: true }], from: [], inChannels: [], inDmWith: [], hasLink: false, hasFile: false, hasImage: false, limit: 50 }),
    workspace: await s.getWorkspace(),
  };
}
