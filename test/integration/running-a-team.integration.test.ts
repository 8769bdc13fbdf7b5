// The door, accounts and settings as an owner runs them, over HTTP and real sockets, on both stores: sign-up
// modes, invite links, deactivation, password reset links, sessions and devices, and the owner who cannot leave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthReply, Invite, WorkspaceDoor } from '../../src/shared/protocol.js';
import {
  call,
  connect,
  errorCode,
  nextEvent,
  PASSWORD,
  postJson,
  sendJson,
  startTestServer,
  uniqueName,
  type ClientSocket,
  type TestServer,
} from '../helpers/flack.js';
import { upload } from '../helpers/files.js';

let server: TestServer;
let owner: { auth: AuthReply; socket: ClientSocket };

const signUpBody = (invite?: Invite, username = uniqueName()) => ({ username, password: PASSWORD, ...(invite && { invite: invite.token }) });
const getJson = async <T,>(path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(server.url + path, { headers });
  return { status: response.status, body: (await response.json()) as T };
};
const codeOf = (body: unknown) => (body as { error: { code: string } }).error.code;

beforeAll(async () => {
  server = await startTestServer({ signUpMode: undefined });
});
afterAll(async () => {
  owner?.socket.close();
  await server.close();
});

describe('the door', () => {
  it('a fresh install lets its first account in as the owner, then only people with an invite', async () => {
    expect((await getJson<WorkspaceDoor>('/api/workspace')).body).toEqual({ name: 'Flack', icon: '', signUp: 'first' });
    const first = await postJson<AuthReply>(server.url, '/api/auth/signup', signUpBody());
    expect(first.status).toBe(201);
    expect(first.body.user.role).toBe('owner');
    owner = { auth: first.body, socket: await connect(server, first.body.token) };
    expect((await getJson<WorkspaceDoor>('/api/workspace')).body).toEqual({ name: 'Flack', icon: '', signUp: 'invite' });
    const walkIn = await postJson(server.url, '/api/auth/signup', signUpBody());
    expect([walkIn.status, codeOf(walkIn.body)]).toEqual([403, 'signup_closed']);
  });

  it('an invite link says whose workspace it is, works its number of times, and not once revoked', async () => {
    const { workspace } = await call(owner.socket, 'state', {});
    await call(owner.socket, 'admin:settings', { version: workspace.version, name: 'Acme Co' });
    const { invite } = await call(owner.socket, 'admin:invite', { role: 'member', hours: 24, maxUses: 1 });
    expect((await getJson(`/api/invites/${invite.token}`)).body).toMatchObject({
      workspaceName: 'Acme Co', invitedBy: owner.auth.user.username, role: 'member',
    });
    const joined = await postJson<AuthReply>(server.url, '/api/auth/signup', signUpBody(invite));
    expect([joined.status, joined.body.user.role]).toEqual([201, 'member']);
    const usedUp = await getJson(`/api/invites/${invite.token}`);
    expect([usedUp.status, codeOf(usedUp.body)]).toEqual([404, 'invite_invalid']);
    const again = await postJson(server.url, '/api/auth/signup', signUpBody(invite));
    expect([again.status, codeOf(again.body)]).toEqual([404, 'invite_invalid']);

    const { invite: revoked } = await call(owner.socket, 'admin:invite', { role: 'member', hours: 24, maxUses: 5 });
    expect((await call(owner.socket, 'admin:revoke', { inviteId: revoked.id })).invite.revokedAt).toEqual(expect.any(Number));
    const afterRevoke = await postJson(server.url, '/api/auth/signup', signUpBody(revoked));
    expect(codeOf(afterRevoke.body)).toBe('invite_invalid');
    expect(codeOf((await getJson('/api/invites/no-such-invite')).body)).toBe('invite_invalid');
    expect(await errorCode(owner.socket, 'admin:invite', { role: 'guest', hours: 24, maxUses: 1 })).toBe('invalid');
  });

  it('a closed workspace refuses even a good invite, and two admins cannot overwrite each other blindly', async () => {
    const { invite } = await call(owner.socket, 'admin:invite', { role: 'member', hours: 1, maxUses: 3 });
    const { workspace } = await call(owner.socket, 'state', {});
    const closed = await call(owner.socket, 'admin:settings', { version: workspace.version, signUpMode: 'closed' });
    expect(closed.workspace).toMatchObject({ signUpMode: 'closed', version: workspace.version + 1, signUpModeLocked: false });
    expect(await errorCode(owner.socket, 'admin:settings', { version: workspace.version, signUpMode: 'open' })).toBe('conflict');
    const refused = await postJson(server.url, '/api/auth/signup', signUpBody(invite));
    expect([refused.status, codeOf(refused.body)]).toEqual([403, 'signup_closed']);
    await call(owner.socket, 'admin:settings', { version: closed.workspace.version, signUpMode: 'invite' });
    expect((await postJson(server.url, '/api/auth/signup', signUpBody(invite))).status).toBe(201);
  });
});

describe('a session that ended without its sockets hearing of it', () => {
  it('closes them at their next event once the recheck is due', async () => {
    const quick = await startTestServer({ sessionRecheckMs: 0 });
    try {
      const auth = (await postJson<AuthReply>(quick.url, '/api/auth/signup', signUpBody())).body;
      const socket = await connect(quick, auth.token);
      await call(socket, 'state', {});
      await quick.storage.deleteUserSessions(auth.user.id); // behind the server's back: no close is sent
      const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
      socket.emit('focus', { conversationId: null });
      expect(await closed).toBe('io server disconnect');
    } finally {
      await quick.close();
    }
  });
});

describe('channels an admin runs', () => {
  it('an archived channel is read-only, still readable and searchable, and everyone in it is told; unarchived, it is a channel again', async () => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('project'), visibility: 'public' });
    const word = uniqueName('zebrafish');
    const { message } = await call(owner.socket, 'message:send', { conversationId: conversation.id, clientId: uniqueName('a'), body: `the ${word} launch` });
    const told = nextEvent(owner.socket, 'conversation', (c) => c.id === conversation.id && c.archived === true);
    const archived = await call(owner.socket, 'channel:archive', { conversationId: conversation.id, archived: true });
    expect(archived.conversation.archived).toBe(true);
    await told;
    const send = { conversationId: conversation.id, clientId: uniqueName('b'), body: 'too late' };
    expect(await errorCode(owner.socket, 'message:send', send)).toBe('archived');
    expect(await errorCode(owner.socket, 'message:send', { ...send, threadId: message.id })).toBe('archived');
    expect(await errorCode(owner.socket, 'message:edit', { messageId: message.id, body: 'changed' })).toBe('archived');
    expect(await errorCode(owner.socket, 'reaction:add', { messageId: message.id, emoji: '👍' })).toBe('archived');
    expect(await errorCode(owner.socket, 'channel:update', { conversationId: conversation.id, topic: 'new' })).toBe('archived');
    const page = await call(owner.socket, 'history', { conversationId: conversation.id });
    expect(page.messages.at(-1)).toMatchObject({ kind: 'system', body: 'archived the channel' });
    expect((await call(owner.socket, 'search', { query: word })).results.map((r) => r.message.id)).toEqual([message.id]);
    await call(owner.socket, 'channel:archive', { conversationId: conversation.id, archived: false });
    expect((await call(owner.socket, 'message:send', send)).message.body).toBe('too late');
  });

  it('in an announcement channel only admins start threads, and anyone may reply in one', async () => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('news'), visibility: 'public' });
    await call(owner.socket, 'channel:update', { conversationId: conversation.id, announcement: true });
    const { message: post } = await call(owner.socket, 'message:send', { conversationId: conversation.id, clientId: uniqueName('p'), body: 'we ship friday' });
    const { invite } = await call(owner.socket, 'admin:invite', { role: 'member', channelIds: [conversation.id], hours: 1, maxUses: 1 });
    const reader = (await postJson<AuthReply>(server.url, '/api/auth/signup', signUpBody(invite))).body;
    const socket = await connect(server, reader.token);
    expect(await errorCode(socket, 'message:send', { conversationId: conversation.id, clientId: uniqueName('q'), body: 'me too' })).toBe('forbidden');
    const reply = await call(socket, 'message:send', { conversationId: conversation.id, clientId: uniqueName('r'), body: 'great!', threadId: post.id });
    expect(reply.message.threadId).toBe(post.id);
    socket.close();
  });
});

describe('workspace settings', () => {
  it('an icon and an upload limit under the server’s: uploads over it are refused, every client is told', async () => {
    const { workspace } = await call(owner.socket, 'state', {});
    expect(workspace).toMatchObject({ icon: '', uploadLimitMb: 25, uploadLimitMaxMb: 25 });
    expect(await errorCode(owner.socket, 'admin:settings', { version: workspace.version, uploadLimitMb: 26 })).toBe('invalid');
    expect(await errorCode(owner.socket, 'admin:settings', { version: workspace.version, icon: 'abc' })).toBe('invalid');
    const told = nextEvent(owner.socket, 'workspace', (w) => w.uploadLimitMb === 1);
    const { workspace: changed } = await call(owner.socket, 'admin:settings', { version: workspace.version, icon: '🚀', uploadLimitMb: 1 });
    expect(changed).toMatchObject({ icon: '🚀', uploadLimitMb: 1, uploadLimitMaxMb: 25 });
    await told;
    expect((await call(owner.socket, 'state', {})).maxUploadBytes).toBe(1024 * 1024);
    expect((await getJson<WorkspaceDoor>('/api/workspace')).body).toMatchObject({ icon: '🚀' });
    const big = await upload(server, owner.auth.token, 'big.bin', new Uint8Array(1024 * 1024 + 1));
    expect([big.status, big.error?.code]).toEqual([413, 'too_large']);
    expect((await upload(server, owner.auth.token, 'small.txt', new TextEncoder().encode('fits'))).status).toBe(201);
    await call(owner.socket, 'admin:settings', { version: changed.version, uploadLimitMb: null });
  });
});

describe('the live view', () => {
  it("shows this node's sockets, messages per second, delivery latency and database size", async () => {
    await call(owner.socket, 'message:send', { conversationId: 1, clientId: uniqueName('stat'), body: 'counted' });
    const stats = await call(owner.socket, 'admin:stats', {});
    expect(stats.sockets).toBeGreaterThanOrEqual(1);
    expect(stats.messagesPerSecond).toBeGreaterThan(0);
    expect(stats.deliveryP50Ms).toEqual(expect.any(Number));
    expect(stats.deliveryP99Ms).toBeGreaterThanOrEqual(stats.deliveryP50Ms!);
    expect(stats.storageBytes).toBeGreaterThan(0);
  });
});

describe('accounts', () => {
  async function member() {
    const { invite } = await call(owner.socket, 'admin:invite', { role: 'member', hours: 1, maxUses: 1 });
    const auth = (await postJson<AuthReply>(server.url, '/api/auth/signup', signUpBody(invite))).body;
    return { auth, socket: await connect(server, auth.token) };
  }

  it('the only owner can neither step down, nor be deactivated, nor delete their account', async () => {
    const me = owner.auth.user.id;
    expect(await errorCode(owner.socket, 'admin:role', { userId: me, role: 'admin' })).toBe('last_owner');
    expect(await errorCode(owner.socket, 'admin:deactivate', { userId: me, deactivated: true })).toBe('forbidden');
    const leave = await sendJson('DELETE', server.url, '/api/auth/account', { password: PASSWORD }, { authorization: `Bearer ${owner.auth.token}` });
    expect([leave.status, codeOf(leave.body)]).toEqual([409, 'last_owner']);
  });

  it('a password reset link sets a new password once, signs the old sessions out, and is in the audit log', async () => {
    const bob = await member();
    expect(await errorCode(bob.socket, 'admin:reset', { userId: owner.auth.user.id })).toBe('forbidden');
    const link = await call(owner.socket, 'admin:reset', { userId: bob.auth.user.id });
    expect((await getJson(`/api/auth/reset/${link.token}`)).body).toEqual({ username: bob.auth.user.username });
    const signedOut = new Promise<void>((resolve) => bob.socket.once('disconnect', () => resolve()));
    const reset = await postJson<AuthReply>(server.url, '/api/auth/reset', { token: link.token, password: 'a brand new secret' });
    expect([reset.status, reset.body.user.id]).toEqual([200, bob.auth.user.id]);
    await signedOut;
    const twice = await postJson(server.url, '/api/auth/reset', { token: link.token, password: 'another new secret' });
    expect([twice.status, codeOf(twice.body)]).toEqual([404, 'reset_invalid']);
    const old = await postJson(server.url, '/api/auth/signin', { username: bob.auth.user.username, password: PASSWORD });
    expect(old.status).toBe(401);
    const fresh = await postJson(server.url, '/api/auth/signin', { username: bob.auth.user.username, password: 'a brand new secret' });
    expect(fresh.status).toBe(200);
    const { entries } = await call(owner.socket, 'admin:audit', {});
    expect(entries.slice(0, 2).map((e) => [e.action, e.targetUserId])).toEqual([
      ['password.reset', bob.auth.user.id],
      ['user.reset', bob.auth.user.id],
    ]);
  });

  it('lists your devices with their browsers and signs one out at once, but never someone else’s', async () => {
    const carol = await member();
    const laptop = await postJson<AuthReply>(server.url, '/api/auth/signin', { username: carol.auth.user.username, password: PASSWORD }, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' });
    const laptopSocket = await connect(server, laptop.body.token);
    const { sessions } = await call(carol.socket, 'sessions:list', {});
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current)!;
    expect(other.userAgent).toContain('Firefox/128.0');
    expect(await errorCode(owner.socket, 'sessions:revoke', { id: other.id })).toBe('not_found');
    const closed = new Promise<void>((resolve) => laptopSocket.once('disconnect', () => resolve()));
    await call(carol.socket, 'sessions:revoke', { id: other.id });
    await closed;
    expect((await getJson('/api/auth/me', { authorization: `Bearer ${laptop.body.token}` })).status).toBe(401);
    expect((await call(carol.socket, 'sessions:list', {})).sessions).toHaveLength(1);
    carol.socket.close();
  });

  it('a deactivated member is signed out at once and cannot sign in; reactivated, they can; everyone is told', async () => {
    const dave = await member();
    const told = nextEvent(owner.socket, 'user', (u) => u.id === dave.auth.user.id && u.deactivated === true);
    const closed = new Promise<void>((resolve) => dave.socket.once('disconnect', () => resolve()));
    await call(owner.socket, 'admin:deactivate', { userId: dave.auth.user.id, deactivated: true });
    await Promise.all([told, closed]);
    expect((await getJson('/api/auth/me', { authorization: `Bearer ${dave.auth.token}` })).status).toBe(401);
    expect((await postJson(server.url, '/api/auth/signin', { username: dave.auth.user.username, password: PASSWORD })).status).toBe(401);
    const listed = await call(owner.socket, 'admin:users', { query: dave.auth.user.username });
    expect(listed.users).toEqual([expect.objectContaining({ id: dave.auth.user.id, deactivated: true })]);
    await call(owner.socket, 'admin:deactivate', { userId: dave.auth.user.id, deactivated: false });
    expect((await postJson(server.url, '/api/auth/signin', { username: dave.auth.user.username, password: PASSWORD })).status).toBe(200);
  });
});
