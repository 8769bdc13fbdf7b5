// The workspace's door and its running (src/storage/workspace-store.ts), for every Storage: part of the
// conformance suite, on the store it opened for each test.
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';
import { UniqueViolation } from '../../src/storage/storage.js';
import { SignUpRefused, type NewAccount } from '../../src/storage/workspace-store.js';

const T0 = 1_750_000_000_000;
const HOUR = 3600_000;

export function describeWorkspaceConformance(store: () => Storage): void {
  describe('workspace: the door, roles, invites, settings and the audit log', () => {
    const account = (username: string, more: Partial<NewAccount> = {}): NewAccount => ({
      username, passwordHash: `hash:${username}`, createdAt: T0, invite: null, modeOverride: null, ...more,
    });
    const invite = (s: Storage, createdBy: number, more: { maxUses?: number; expiresAt?: number; role?: 'member' | 'guest' } = {}) =>
      s.createInvite(
        { token: `tok-${Math.random().toString(36).slice(2)}`, role: more.role ?? 'member', channelIds: [7], createdBy, createdAt: T0, expiresAt: more.expiresAt ?? T0 + HOUR, maxUses: more.maxUses ?? 1 },
        { at: T0, actorId: createdBy, action: 'invite.create' },
      );
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'created', (error: unknown) => (error instanceof SignUpRefused ? error.reason : String(error)));

    it('a fresh store is invite-only; its first account is the owner whatever the mode, and says so in the log', async () => {
      const s = store();
      expect(await s.getWorkspace()).toEqual({ name: 'Flack', icon: '', signUpMode: 'invite', retentionDays: null, uploadLimitMb: null, version: 1 });
      expect(await s.sizeBytes()).toBeGreaterThan(0);
      expect(await s.countActiveOwners()).toBe(0);
      const { user, invite: used } = await s.createAccount(account('Olive', { modeOverride: 'closed' }));
      expect(user).toMatchObject({ username: 'Olive', role: 'owner' });
      expect(used).toBeNull();
      expect(await s.countActiveOwners()).toBe(1);
      expect(await refusal(s.createAccount(account('walkin')))).toBe('signup_closed');
      expect(await refusal(s.createAccount(account('walkin', { modeOverride: 'closed' })))).toBe('signup_closed');
      expect((await s.createAccount(account('walkin', { modeOverride: 'open' }))).user.role).toBe('member');
      expect((await s.listAudit({ limit: 10 })).map((e) => [e.action, e.actorId, e.targetUserId])).toEqual([
        ['user.signup', expect.any(Number), expect.any(Number)],
        ['owner.first', user.id, user.id],
      ]);
    });

    it('an invite gives its role for as many uses as it has, not after it expired or was revoked; a taken name claims no use', async () => {
      const s = store();
      const { user: owner } = await s.createAccount(account('owner'));
      const twice = await invite(s, owner.id, { maxUses: 2, role: 'guest' });
      expect(twice).toMatchObject({ uses: 0, maxUses: 2, role: 'guest', channelIds: [7], revokedAt: null, createdBy: owner.id });
      expect(await refusal(s.createAccount(account('owner', { invite: twice.token })))).toMatch(/UniqueViolation/);
      expect((await s.findInvite(twice.token))!.uses).toBe(0);
      const first = await s.createAccount(account('g1', { invite: twice.token }));
      expect(first.user.role).toBe('guest');
      expect(first.invite).toMatchObject({ id: twice.id, uses: 1 });
      await s.createAccount(account('g2', { invite: twice.token }));
      expect(await refusal(s.createAccount(account('g3', { invite: twice.token })))).toBe('invite_invalid');
      expect(await refusal(s.createAccount(account('g3', { invite: 'no-such-token' })))).toBe('invite_invalid');

      const stale = await invite(s, owner.id, { expiresAt: T0 });
      expect(await refusal(s.createAccount(account('late', { invite: stale.token })))).toBe('invite_invalid');
      const revoked = await invite(s, owner.id);
      expect(await s.revokeInvite(revoked.id, { at: T0 + 5, actorId: owner.id, action: 'invite.revoke' })).toMatchObject({ revokedAt: T0 + 5 });
      expect(await s.revokeInvite(revoked.id, { at: T0 + 9, actorId: owner.id, action: 'invite.revoke' })).toMatchObject({ revokedAt: T0 + 5 });
      expect(await s.revokeInvite(999_999, { at: T0, actorId: owner.id, action: 'invite.revoke' })).toBeNull();
      expect(await refusal(s.createAccount(account('late', { invite: revoked.token })))).toBe('invite_invalid');
      // Closed means closed, even with a good invite.
      const good = await invite(s, owner.id);
      expect(await refusal(s.createAccount(account('late', { invite: good.token, modeOverride: 'closed' })))).toBe('signup_closed');
      expect((await s.findInvite(good.token))!.uses).toBe(0);
      expect((await s.listInvites(10)).map((i) => i.id)).toEqual([good.id, revoked.id, stale.id, twice.id]);
    });

    it('roles change only from the role read, never leaving no active owner; deactivation ends sessions and can be undone', async () => {
      const s = store();
      const { user: owner } = await s.createAccount(account('owner'));
      const { user: bob } = await s.createAccount(account('bob', { modeOverride: 'open' }));
      const audit = { at: T0, actorId: owner.id, action: 'user.role' as const };
      expect(await s.setRole(owner.id, 'owner', 'admin', audit)).toEqual({ refused: 'last_owner' });
      expect(await s.setDeactivated(owner.id, 'owner', true, { ...audit, action: 'user.deactivate' })).toEqual({ refused: 'last_owner' });
      expect(await s.setRole(bob.id, 'admin', 'guest', audit)).toEqual({ refused: 'changed' });
      expect(await s.setRole(424242, 'member', 'guest', audit)).toEqual({ refused: 'not_found' });
      expect(await s.setRole(bob.id, 'member', 'owner', { ...audit, targetUserId: bob.id })).toMatchObject({ user: { role: 'owner' } });
      expect(await s.setRole(owner.id, 'owner', 'admin', { ...audit, targetUserId: owner.id })).toMatchObject({ user: { role: 'admin' } });

      await s.createSession({ tokenHash: 'bob-session', userId: bob.id, passwordHash: bob.passwordHash, createdAt: T0 });
      expect(await s.setDeactivated(bob.id, 'owner', true, { at: T0, actorId: owner.id, action: 'user.deactivate' })).toEqual({ refused: 'last_owner' });
      await s.setRole(owner.id, 'admin', 'owner', audit);
      const off = await s.setDeactivated(bob.id, 'owner', true, { at: T0 + 1, actorId: owner.id, action: 'user.deactivate', targetUserId: bob.id });
      expect(off).toMatchObject({ user: { deactivated: true } });
      expect(await s.findSessionUser('bob-session')).toBeNull();
      expect(await s.countActiveOwners()).toBe(1);
      expect((await s.listAllUsers({ limit: 10 })).items.map((u) => [u.username, u.role, u.deactivated ?? false])).toEqual([
        ['bob', 'owner', true],
        ['owner', 'owner', false],
      ]);
      expect((await s.searchUsers({ limit: 10 })).items.map((u) => u.username)).toEqual(['owner']);
      const on = await s.setDeactivated(bob.id, 'owner', false, { at: T0 + 2, actorId: owner.id, action: 'user.reactivate', targetUserId: bob.id });
      expect('user' in on && on.user.deactivated).toBeFalsy();
      expect((await s.listAudit({ limit: 3 })).map((e) => [e.action, e.targetUserId])).toEqual([
        ['user.reactivate', bob.id],
        ['user.deactivate', bob.id],
        ['user.role', null],
      ]);
      expect((await s.listAudit({ limit: 20 })).find((e) => e.action === 'user.role' && e.targetUserId === bob.id)?.detail).toEqual({ from: 'member', to: 'owner' });
    });

    it('settings change only from the version read; the audit log pages newest first', async () => {
      const s = store();
      const { user: owner } = await s.createAccount(account('owner'));
      const entry = { at: T0, actorId: owner.id, action: 'settings.update' as const, detail: { name: 'Acme' } };
      const acme = { name: 'Acme', icon: '🚀', signUpMode: 'invite', retentionDays: 90, uploadLimitMb: 2.5 };
      expect(await s.updateWorkspace({ name: 'Acme', icon: '🚀', retentionDays: 90, uploadLimitMb: 2.5 }, 1, entry)).toEqual({ ...acme, version: 2 });
      expect(await s.updateWorkspace({ signUpMode: 'open' }, 1, entry)).toBeNull();
      expect(await s.updateWorkspace({ signUpMode: 'open', uploadLimitMb: null }, 2, entry)).toEqual({ ...acme, signUpMode: 'open', uploadLimitMb: null, version: 3 });
      expect(await s.updateWorkspace({ retentionDays: null }, 3, entry)).toMatchObject({ retentionDays: null, version: 4 });
      for (let i = 0; i < 5; i++) await s.appendAudit({ at: T0 + i, actorId: null, action: 'denied', detail: { action: 'admin:role', code: `c${i}` } });
      const first = await s.listAudit({ limit: 4 });
      expect(first.map((e) => e.detail.code ?? e.action)).toEqual(['c4', 'c3', 'c2', 'c1']);
      const rest = await s.listAudit({ before: first.at(-1)!.id, limit: 10 });
      expect(rest.map((e) => e.detail.code ?? e.action)).toEqual(['c0', 'settings.update', 'settings.update', 'settings.update', 'owner.first']);
      expect(rest[0]).toMatchObject({ actorId: null, targetUserId: null });
    });

    it('a session is used, touched only when stale, expires when idle; only its own user lists or deletes it', async () => {
      const s = store();
      const { user: alice } = await s.createAccount(account('alice'));
      const { user: bob } = await s.createAccount(account('bob', { modeOverride: 'open' }));
      await s.createSession({ tokenHash: 'h-phone', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0, userAgent: 'Phone/1' });
      await s.createSession({ tokenHash: 'h-laptop', userId: alice.id, passwordHash: alice.passwordHash, createdAt: T0 + 10 });
      expect(await s.useSession('h-phone', T0 + 100, T0 - 1, T0 - HOUR)).toBe(alice.id); // fresh: not touched
      expect((await s.listSessions(alice.id)).map((x) => [x.tokenHash, x.lastSeenAt, x.userAgent])).toEqual([
        ['h-laptop', T0 + 10, ''],
        ['h-phone', T0, 'Phone/1'],
      ]);
      expect(await s.useSession('h-phone', T0 + 200, T0 + 50, T0 - HOUR)).toBe(alice.id); // stale: touched
      expect((await s.listSessions(alice.id))[0]).toMatchObject({ tokenHash: 'h-phone', lastSeenAt: T0 + 200, createdAt: T0 });
      expect(await s.useSession('h-laptop', T0 + HOUR, T0, T0 + 11)).toBeNull(); // idle: gone
      expect(await s.findSessionUser('h-laptop')).toBeNull();
      expect(await s.useSession('h-nobody', T0, T0, T0)).toBeNull();
      expect(await s.deleteUserSession(bob.id, 'h-phone')).toBe(false);
      expect(await s.deleteUserSession(alice.id, 'h-phone')).toBe(true);
      expect(await s.listSessions(alice.id)).toEqual([]);
    });

    it('a password reset works once, before it expires, for an active account, and ends its sessions', async () => {
      const s = store();
      const { user: owner } = await s.createAccount(account('owner'));
      const { user: bob } = await s.createAccount(account('bob', { modeOverride: 'open' }));
      await s.createSession({ tokenHash: 'h-bob', userId: bob.id, passwordHash: bob.passwordHash, createdAt: T0 });
      const entry = { at: T0, actorId: owner.id, action: 'user.reset' as const, targetUserId: bob.id };
      await s.createPasswordReset({ tokenHash: 'r-1', userId: bob.id, createdBy: owner.id, createdAt: T0, expiresAt: T0 + HOUR }, entry);
      await s.createPasswordReset({ tokenHash: 'r-old', userId: bob.id, createdBy: owner.id, createdAt: T0, expiresAt: T0 + 5 }, entry);
      expect((await s.findPasswordReset('r-1', T0 + 1))?.username).toBe('bob');
      expect(await s.findPasswordReset('r-old', T0 + 5)).toBeNull();
      expect(await s.usePasswordReset('r-old', 'new-hash', T0 + 5)).toBeNull();
      const [first, second] = await Promise.all([s.usePasswordReset('r-1', 'new-hash', T0 + 2), s.usePasswordReset('r-1', 'other-hash', T0 + 2)]);
      expect([first, second].filter((u) => u !== null)).toHaveLength(1);
      expect((await s.findUserById(bob.id))!.passwordHash).toBe(first?.passwordHash ?? second!.passwordHash);
      expect(await s.findSessionUser('h-bob')).toBeNull();
      expect(await s.findPasswordReset('r-1', T0 + 3)).toBeNull();
      await s.createPasswordReset({ tokenHash: 'r-2', userId: bob.id, createdBy: owner.id, createdAt: T0, expiresAt: T0 + HOUR }, entry);
      await s.setDeactivated(bob.id, 'member', true, { at: T0, actorId: owner.id, action: 'user.deactivate' });
      expect(await s.usePasswordReset('r-2', 'x', T0 + 3)).toBeNull();
      expect((await s.listAudit({ limit: 10 })).filter((e) => e.action === 'password.reset')).toHaveLength(1);
    });

    it('a channel is archived and made announcement-only in its update, and posting rights say so in one lookup', async () => {
      const s = store();
      const { user } = await s.createAccount(account('owner'));
      const channel = await s.createConversation({ kind: 'public', name: 'news', topic: '', createdBy: user.id, createdAt: T0, dmKey: null, memberIds: [user.id] });
      expect(await s.postingRights(channel.id, user.id)).toEqual({ archived: false, announcement: false, blocked: false });
      expect(await s.postingRights(channel.id, user.id + 99)).toBeNull();
      const { conversation } = await s.updateConversation(channel.id, { archived: true, announcement: true }, [], T0 + 1);
      expect(conversation).toMatchObject({ archived: true, announcement: true, name: 'news' });
      expect(await s.postingRights(channel.id, user.id)).toEqual({ archived: true, announcement: true, blocked: false });
      const back = await s.updateConversation(channel.id, { archived: false, topic: 'x' }, [], T0 + 2);
      expect(back.conversation.archived).toBeUndefined();
      expect(back.conversation).toMatchObject({ announcement: true, topic: 'x' });
      expect((await s.listMemberConversations(user.id)).find((c) => c.id === channel.id)).toMatchObject({ announcement: true });
    });

    it('retention deletes the oldest threads before a time, keeping any thread with a newer reply, in batches', async () => {
      const s = store();
      const { user } = await s.createAccount(account('owner'));
      const channel = await s.createConversation({ kind: 'public', name: 'logs', topic: '', createdBy: user.id, createdAt: T0, dmKey: null, memberIds: [user.id] });
      const post = async (body: string, createdAt: number, threadId?: number) =>
        (await s.appendMessage({ conversationId: channel.id, authorId: user.id, kind: 'user', body, clientId: body, createdAt, threadId: threadId ?? null })).message;
      const a = await post('a', T0);
      const b = await post('b', T0 + 1);
      await post('b reply', T0 + 2, b.id);
      const c = await post('c', T0 + 3);
      await post('c reply', T0 + 10 * HOUR, c.id); // c's thread is still alive
      const d = await post('d', T0 + 4);
      await post('e', T0 + 20 * HOUR);
      expect(await s.retentionTargets(null)).toEqual([]);
      await s.updateConversation(channel.id, { retentionDays: 7 }, [], T0);
      expect(await s.retentionTargets(null)).toEqual([{ conversationId: channel.id, days: 7 }]);
      expect(await s.retentionTargets(30)).toEqual(expect.arrayContaining([{ conversationId: channel.id, days: 7 }]));
      expect(await s.deleteExpired(channel.id, T0 + 5 * HOUR, 2)).toBe(2); // a, b (and b's reply)
      expect(await s.deleteExpired(channel.id, T0 + 5 * HOUR, 2)).toBe(1); // d; c is kept for its reply
      expect(await s.deleteExpired(channel.id, T0 + 5 * HOUR, 2)).toBe(0);
      expect((await s.history(channel.id, { limit: 10 })).map((m) => m.body)).toEqual(['c', 'e']);
      for (const m of [a, b, d]) expect(await s.getMessage(m.id)).toBeNull();
      expect((await s.threadHistory(b.id, { limit: 10 }))).toEqual([]);
      expect((await s.threadHistory(c.id, { limit: 10 })).map((m) => m.body)).toEqual(['c reply']);
    });

    it('retention may take a reply’s copy in the channel and keep the reply (its thread lives on): each is then changed alone', async () => {
      const s = store();
      const { user } = await s.createAccount(account('owner'));
      const channel = await s.createConversation({ kind: 'public', name: 'logs', topic: '', createdBy: user.id, createdAt: T0, dmKey: null, memberIds: [user.id] });
      const root = (await s.appendMessage({ conversationId: channel.id, authorId: user.id, kind: 'user', body: 'root', clientId: 'root', createdAt: T0 })).message;
      const sent = await s.appendMessage({ conversationId: channel.id, threadId: root.id, alsoToChannel: true, authorId: user.id, kind: 'user', body: 'both', clientId: 'both', createdAt: T0 + 1 });
      await s.appendMessage({ conversationId: channel.id, threadId: root.id, authorId: user.id, kind: 'user', body: 'later', clientId: 'later', createdAt: T0 + 10 * HOUR });
      await s.updateConversation(channel.id, { retentionDays: 7 }, [], T0);
      expect(await s.deleteExpired(channel.id, T0 + 5 * HOUR, 10)).toBe(1); // the copy; the thread is kept for its new reply
      expect(await s.getMessage(sent.copy!.id)).toBeNull();
      const edited = await s.editMessage({ messageId: sent.message.id, authorId: user.id, body: 'the reply alone', at: T0 + 11 * HOUR });
      expect(edited).toEqual({ message: expect.objectContaining({ id: sent.message.id, body: 'the reply alone' }) });
      const gone = await s.deleteMessage({ messageId: sent.message.id, authorId: user.id, at: T0 + 12 * HOUR });
      expect(gone).toEqual({ message: expect.objectContaining({ id: sent.message.id, body: '' }) });
    });

    it('the only active owner cannot delete their account; with a second owner, one of two leaving at once can', async () => {
      const s = store();
      const { user: first } = await s.createAccount(account('first'));
      expect(await s.deactivateUser(first.id, T0, 'left the channel')).toBe('last_owner');
      expect((await s.findUserById(first.id))!.deactivated).toBeUndefined();
      const { user: second } = await s.createAccount(account('second', { modeOverride: 'open' }));
      await s.setRole(second.id, 'member', 'owner', { at: T0, actorId: first.id, action: 'user.role' });
      const both = await Promise.all([s.deactivateUser(first.id, T0, 'left'), s.deactivateUser(second.id, T0, 'left')]);
      expect(both.filter((r) => r === 'last_owner')).toHaveLength(1);
      expect(await s.countActiveOwners()).toBe(1);
    });

    it('two first sign-ups at once make one owner', async () => {
      const s = store();
      const [a, b] = await Promise.all([s.createAccount(account('first-a', { modeOverride: 'open' })), s.createAccount(account('first-b', { modeOverride: 'open' }))]);
      expect([a.user.role, b.user.role].sort()).toEqual(['member', 'owner']);
      await expect(s.createAccount(account('FIRST-A', { modeOverride: 'open' }))).rejects.toEqual(new UniqueViolation('username'));
    });
  });
}
