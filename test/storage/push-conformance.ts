// Web Push keys and subscriptions (src/storage/push-store.ts), for every Storage: part of the conformance suite.
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';

const T0 = 1_770_000_000_000;

export function describePushConformance(store: () => Storage, open: () => Promise<Storage>): void {
  describe('web push: the key pair and subscriptions', () => {
    const signedIn = async (s: Storage, username: string, token = `session-${username}`) => {
      const u = await s.createUser({ username, passwordHash: 'x', createdAt: T0 });
      await s.createSession({ tokenHash: token, userId: u.id, passwordHash: 'x', createdAt: T0 });
      return u;
    };
    const sub = (userId: number, endpoint: string, at = T0, tokenHash = 'session-ann') => ({
      userId, tokenHash, endpoint, p256dh: 'key', auth: 'secret', userAgent: 'Firefox', createdAt: at,
    });

    it('the first key pair stored stays the only one, whichever store instance asks and whatever it offers', async () => {
      const s = store();
      const other = await open();
      const [a, b] = await Promise.all([
        s.pushKeys({ publicKey: 'pub-a', privateKey: 'priv-a' }),
        other.pushKeys({ publicKey: 'pub-b', privateKey: 'priv-b' }),
      ]);
      expect(a).toEqual(b);
      expect(await s.pushKeys({ publicKey: 'pub-c', privateKey: 'priv-c' })).toEqual(a);
    });

    it('a subscription is listed, newest first, and an endpoint subscribed again is taken over, not repeated', async () => {
      const s = store();
      const ann = await signedIn(s, 'ann');
      const bob = await signedIn(s, 'bob');
      const first = await s.addPushSubscription(sub(ann.id, 'https://push.example/1'), 10);
      expect(first).toEqual({ id: expect.any(Number), userId: ann.id, endpoint: 'https://push.example/1', p256dh: 'key', auth: 'secret', userAgent: 'Firefox', createdAt: T0, lastSuccessAt: null });
      await s.addPushSubscription(sub(ann.id, 'https://push.example/2', T0 + 1), 10);
      expect((await s.listPushSubscriptions(ann.id)).map((p) => p.endpoint)).toEqual(['https://push.example/2', 'https://push.example/1']);
      await s.addPushSubscription(sub(bob.id, 'https://push.example/1', T0 + 2, 'session-bob'), 10);
      expect((await s.listPushSubscriptions(ann.id)).map((p) => p.endpoint)).toEqual(['https://push.example/2']);
      expect((await s.listPushSubscriptions(bob.id)).map((p) => p.endpoint)).toEqual(['https://push.example/1']);
      await s.pushDelivered(first.id, T0 + 5);
      expect((await s.listPushSubscriptions(bob.id))[0]!.lastSuccessAt).toBe(T0 + 5);
    });

    it('a user keeps at most `max` subscriptions: the oldest go', async () => {
      const s = store();
      const ann = await signedIn(s, 'ann');
      for (let i = 0; i < 4; i++) await s.addPushSubscription(sub(ann.id, `https://push.example/${i}`, T0 + i), 3);
      expect((await s.listPushSubscriptions(ann.id)).map((p) => p.endpoint)).toEqual(['https://push.example/3', 'https://push.example/2', 'https://push.example/1']);
    });

    it('only its owner removes a subscription; it ends with the session that made it, and when it expires', async () => {
      const s = store();
      const ann = await signedIn(s, 'ann');
      const bob = await signedIn(s, 'bob');
      const a = await s.addPushSubscription(sub(ann.id, 'https://push.example/a'), 10);
      await s.addPushSubscription(sub(ann.id, 'https://push.example/b'), 10);
      expect(await s.removePushSubscription(bob.id, { id: a.id })).toBe(false);
      expect(await s.removePushSubscription(ann.id, { id: a.id })).toBe(true);
      expect(await s.removePushSubscription(ann.id, { endpoint: 'https://push.example/b' })).toBe(true);
      const c = await s.addPushSubscription(sub(ann.id, 'https://push.example/c'), 10);
      await s.deletePushSubscription(c.id);
      await s.addPushSubscription(sub(ann.id, 'https://push.example/d'), 10);
      await s.deleteSession('session-ann');
      expect(await s.listPushSubscriptions(ann.id)).toEqual([]);
    });

    it("a conversation's audience is its members' subscriptions now, with their levels, mute and thread following", async () => {
      const s = store();
      const ann = await signedIn(s, 'ann');
      const bob = await signedIn(s, 'bob');
      const cat = await signedIn(s, 'cat');
      const channel = await s.createConversation({ kind: 'public', name: 'general', topic: '', createdBy: ann.id, createdAt: T0, dmKey: null, memberIds: [ann.id, bob.id] });
      await s.addPushSubscription(sub(bob.id, 'https://push.example/bob', T0, 'session-bob'), 10);
      await s.addPushSubscription(sub(cat.id, 'https://push.example/cat', T0, 'session-cat'), 10);
      await s.setNotifyPreferences(channel.id, bob.id, { notify: 'all', muted: true });
      await s.setNotifyDefaults(bob.id, { dm: 'nothing', channel: null });
      const { message: root } = await s.appendMessage({ conversationId: channel.id, authorId: bob.id, kind: 'user', body: 'root', clientId: 'r', createdAt: T0 });
      const audience = await s.pushAudience(channel.id, root.id);
      expect(audience).toEqual([
        { subscription: expect.objectContaining({ userId: bob.id, endpoint: 'https://push.example/bob' }), notify: 'all', muted: true, defaults: { dm: 'nothing', channel: null }, follows: false },
      ]);
      await s.appendMessage({ conversationId: channel.id, threadId: root.id, authorId: bob.id, kind: 'user', body: 'reply', clientId: 'q', createdAt: T0 });
      expect((await s.pushAudience(channel.id, root.id))[0]!.follows).toBe(true);
      expect((await s.pushAudience(channel.id, null))[0]!.follows).toBe(false);
      await s.leaveConversation(channel.id, bob.id, T0, 'left');
      expect(await s.pushAudience(channel.id, null)).toEqual([]);
    });
  });
}
