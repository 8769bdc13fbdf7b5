// Bot accounts and incoming webhooks (src/storage/integration-store.ts), for every Storage: part of the
// conformance suite, on the store it opened for each test.
import { describe, expect, it } from 'vitest';
import type { NewIntegration } from '../../src/storage/integration-store.js';
import type { Storage } from '../../src/storage/storage.js';
import { UniqueViolation } from '../../src/storage/storage.js';

const T0 = 1_760_000_000_000;
const MINUTE = 60_000;

export function describeIntegrationConformance(store: () => Storage): void {
  describe('integrations: bot accounts and incoming webhooks', () => {
    const bot = (username: string, createdBy: number, more: Partial<NewIntegration> = {}): NewIntegration => ({
      kind: 'bot', username, colour: '#4f46e5', tokenHash: `hash-${username}`, channelId: null, createdBy, createdAt: T0, ...more,
    });
    const audit = (actorId: number) => ({ at: T0, actorId, action: 'bot.create' as const, detail: { kind: 'bot' } });

    it('a bot is a guest account marked as a bot, without a password, with its audit entry; names are shared with people', async () => {
      const s = store();
      const admin = await s.createUser({ username: 'Admin', passwordHash: 'x', createdAt: T0 });
      const made = await s.createIntegration(bot('ci-bot', admin.id), audit(admin.id));
      expect(made).toEqual({
        user: { id: expect.any(Number), username: 'ci-bot', createdAt: T0, role: 'guest', bot: { colour: '#4f46e5' } },
        kind: 'bot', channelId: null, createdBy: admin.id, createdAt: T0, tokenIssuedAt: T0, lastUsedAt: null,
      });
      expect(await s.findUserById(made.user.id)).toMatchObject({ role: 'guest', passwordHash: '', bot: { colour: '#4f46e5' } });
      expect((await s.findUsersByIds([made.user.id]))[0]).toEqual(made.user);
      expect((await s.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'bot.create', actorId: admin.id, targetUserId: made.user.id });
      await expect(s.createIntegration(bot('ADMIN', admin.id, { tokenHash: 'other' }), audit(admin.id))).rejects.toBeInstanceOf(UniqueViolation);
      await expect(s.createIntegration(bot('CI-BOT', admin.id, { tokenHash: 'other2' }), audit(admin.id))).rejects.toBeInstanceOf(UniqueViolation);
      expect(await s.findUserByName('admin')).toMatchObject({ id: admin.id });
    });

    it('a token finds only its kind, only while the account is active, and records its use at most once per interval', async () => {
      const s = store();
      const admin = await s.createUser({ username: 'admin', passwordHash: 'x', createdAt: T0 });
      const channel = await s.createConversation({ kind: 'public', name: 'builds', topic: '', createdBy: admin.id, createdAt: T0, dmKey: null, memberIds: [admin.id] });
      const hook = await s.createIntegration(bot('ci', admin.id, { kind: 'webhook', channelId: channel.id }), audit(admin.id));
      expect(hook).toMatchObject({ kind: 'webhook', channelId: channel.id });
      expect(await s.useIntegrationToken('hash-ci', 'bot', T0, T0)).toBeNull();
      const used = await s.useIntegrationToken('hash-ci', 'webhook', T0 + MINUTE, T0 + MINUTE);
      expect(used).toMatchObject({ user: { id: hook.user.id }, lastUsedAt: T0 + MINUTE });
      // Used again within the interval: the stored time stays.
      await s.useIntegrationToken('hash-ci', 'webhook', T0 + 2 * MINUTE, T0);
      expect((await s.findIntegration(hook.user.id))!.lastUsedAt).toBe(T0 + MINUTE);
      await s.setDeactivated(hook.user.id, 'guest', true, { at: T0, actorId: admin.id, action: 'user.deactivate', targetUserId: hook.user.id });
      expect(await s.useIntegrationToken('hash-ci', 'webhook', T0, T0)).toBeNull();
      expect((await s.findIntegration(hook.user.id))!.user.deactivated).toBe(true);
      expect(await s.useIntegrationToken('nothing', 'webhook', T0, T0)).toBeNull();
    });

    it('rotating replaces the token at once and returns the old one; lists are per kind, by name', async () => {
      const s = store();
      const admin = await s.createUser({ username: 'admin', passwordHash: 'x', createdAt: T0 });
      const b = await s.createIntegration(bot('zeta', admin.id), audit(admin.id));
      await s.createIntegration(bot('Alpha', admin.id, { tokenHash: 'hash-alpha' }), audit(admin.id));
      const rotated = await s.rotateIntegrationToken(b.user.id, 'hash-new', T0 + MINUTE, { at: T0 + MINUTE, actorId: admin.id, action: 'bot.rotate' });
      expect(rotated).toMatchObject({ previousTokenHash: 'hash-zeta', integration: { tokenIssuedAt: T0 + MINUTE } });
      expect(await s.useIntegrationToken('hash-zeta', 'bot', T0, T0)).toBeNull();
      expect(await s.useIntegrationToken('hash-new', 'bot', T0, T0)).toMatchObject({ user: { username: 'zeta' } });
      expect(await s.rotateIntegrationToken(admin.id, 'x', T0, { at: T0, actorId: admin.id, action: 'bot.rotate' })).toBeNull();
      expect((await s.listIntegrations('bot', 10)).map((i) => i.user.username)).toEqual(['Alpha', 'zeta']);
      expect(await s.listIntegrations('webhook', 10)).toEqual([]);
      expect(await s.listIntegrations('bot', 1)).toHaveLength(1);
    });

    it("a webhook outlives its channel's deletion: it then has no channel", async () => {
      const s = store();
      const admin = await s.createUser({ username: 'admin', passwordHash: 'x', createdAt: T0 });
      const channel = await s.createConversation({ kind: 'public', name: 'gone', topic: '', createdBy: admin.id, createdAt: T0, dmKey: null, memberIds: [admin.id] });
      const hook = await s.createIntegration(bot('hook', admin.id, { kind: 'webhook', channelId: channel.id }), audit(admin.id));
      await s.deleteConversation(channel.id);
      expect(await s.findIntegration(hook.user.id)).toMatchObject({ channelId: null });
    });
  });
}
