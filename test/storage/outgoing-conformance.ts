// Outgoing webhooks' hooks and delivery queue (src/storage/outgoing-store.ts), for every Storage: part of the
// conformance suite, on the store it opened for each test (`another`: a second connection to the same database).
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';
import type { NewDelivery } from '../../src/storage/outgoing-store.js';

const T0 = 1_750_000_000_000;
const LEASE = 60_000;
const bound = { pendingMax: 1000, logKept: 1000 };

export function describeOutgoingConformance(store: () => Storage, another: () => Promise<Storage>): void {
  describe('outgoing webhooks: hooks, cursors and the delivery queue', () => {
    async function setUp(s = store()) {
      const admin = await s.createUser({ username: 'admin', passwordHash: 'h', createdAt: T0 });
      const bot = await s.createUser({ username: 'bot', passwordHash: 'h', createdAt: T0 });
      const general = await s.createConversation({ kind: 'public', name: 'general', topic: '', createdBy: admin.id, createdAt: T0, dmKey: null, memberIds: [admin.id, bot.id] });
      const secret = await s.createConversation({ kind: 'private', name: 'secret', topic: '', createdBy: admin.id, createdAt: T0, dmKey: null, memberIds: [admin.id] });
      let n = 0;
      const post = async (conversationId: number, body: string, threadId?: number) =>
        (await s.appendMessage({ conversationId, threadId: threadId ?? null, authorId: admin.id, kind: 'user', body, clientId: `c${++n}`, createdAt: T0 + n })).message;
      const hook = (channelId: number | null, more: { name?: string } = {}) =>
        s.createOutgoingHook(
          { name: more.name ?? 'echo', url: 'https://example.test/hook', channelId, trigger: 'message', words: [], posterUserId: bot.id, secret: 'whsec_1', createdBy: admin.id, createdAt: T0 },
          { at: T0, actorId: admin.id, action: 'outgoing.create' },
        );
      return { s, admin, bot, general, secret, post, hook };
    }
    const delivery = (m: { id: number; conversationId: number }): NewDelivery => ({ messageId: m.id, conversationId: m.conversationId, threadRootId: m.id, payload: `{"id":${m.id}}` });
    /** What a scan does: read candidates, queue them all, move the cursors to the last one of each conversation. */
    const scan = async (s: Storage, hookId: number, at = T0, options = bound) => {
      const found = await s.outgoingCandidates(hookId, 100);
      const last = new Map<number, number>();
      for (const c of found) last.set(c.conversationId, c.messageId);
      const scanned = [...last].map(([conversationId, messageId]) => ({ conversationId, messageId }));
      return { found, ...(await s.enqueueOutgoing(hookId, scanned, found.map((c) => delivery({ id: c.messageId, conversationId: c.conversationId })), { at, ...options })) };
    };

    it('a hook is stored with its secret and audit entry; updates, rotation and deletion are audited too', async () => {
      const { s, admin, general, hook } = await setUp();
      const created = await hook(general.id);
      expect(created).toMatchObject({ name: 'echo', channelId: general.id, trigger: 'message', words: [], enabled: true, secret: 'whsec_1' });
      expect(await s.getOutgoingHook(created.id)).toEqual(created);
      const updated = await s.updateOutgoingHook(created.id, { enabled: false, trigger: 'words', words: ['!ping'] }, { at: T0 + 1, actorId: admin.id, action: 'outgoing.update' });
      expect(updated).toMatchObject({ enabled: false, trigger: 'words', words: ['!ping'], url: created.url });
      expect((await s.updateOutgoingHook(created.id, { secret: 'whsec_2' }, { at: T0 + 2, actorId: admin.id, action: 'outgoing.rotate' }))!.secret).toBe('whsec_2');
      expect(await s.updateOutgoingHook(999_999, { enabled: true }, { at: T0, actorId: admin.id, action: 'outgoing.update' })).toBeNull();
      expect(await s.listOutgoingHooks()).toHaveLength(1);
      expect(await s.deleteOutgoingHook(created.id, { at: T0 + 3, actorId: admin.id, action: 'outgoing.delete' })).toBe(true);
      expect(await s.deleteOutgoingHook(created.id, { at: T0 + 3, actorId: admin.id, action: 'outgoing.delete' })).toBe(false);
      expect(await s.getOutgoingHook(created.id)).toBeNull();
      // Receivers keep delivery ids (hook:message): a new hook never takes a deleted one's id.
      expect((await hook(general.id)).id).toBeGreaterThan(created.id);
      expect((await s.listAudit({ limit: 10 })).map((e) => [e.action, e.detail.hook])).toEqual([
        ['outgoing.create', created.id + 1], ['outgoing.delete', created.id], ['outgoing.rotate', created.id], ['outgoing.update', created.id], ['outgoing.create', created.id],
      ]);
    });

    it('a hook sees the messages stored after it was made, in its channel or every public one, once past its cursor', async () => {
      const { s, admin, general, secret, post, hook } = await setUp();
      await post(general.id, 'before the hook');
      const one = await hook(general.id);
      const all = await hook(null, { name: 'all' });
      const first = await post(general.id, 'hello');
      await post(secret.id, 'private');
      const reply = await post(general.id, 'a reply', first.id);
      expect((await s.outgoingCandidates(one.id, 10)).map((c) => [c.body, c.threadId, c.authorName, c.channelName, c.kind])).toEqual([
        ['hello', 0, 'admin', 'general', 'user'], ['a reply', first.id, 'admin', 'general', 'user'],
      ]);
      expect((await s.outgoingCandidates(all.id, 10)).map((c) => c.body)).toEqual(['hello', 'a reply']);
      expect(await scan(s, one.id)).toMatchObject({ queued: 2, dropped: 0 });
      expect(await s.outgoingCandidates(one.id, 10)).toEqual([]);
      expect(await scan(s, one.id)).toMatchObject({ queued: 0 });
      const later = await post(general.id, 'later');
      expect((await s.outgoingCandidates(one.id, 10)).map((c) => c.messageId)).toEqual([later.id]);
      // A reply also sent to the channel is one candidate, the reply; its copy is passed over.
      const { message: both } = await s.appendMessage({ conversationId: general.id, threadId: first.id, alsoToChannel: true, authorId: admin.id, kind: 'user', body: 'to all', clientId: 'both', createdAt: T0 });
      expect((await s.outgoingCandidates(one.id, 10)).map((c) => c.messageId)).toEqual([later.id, both.id]);
      expect(reply.threadId).toBe(first.id);
      await s.updateOutgoingHook(one.id, { enabled: false }, { at: T0, actorId: null, action: 'outgoing.update' });
      expect(await s.outgoingCandidates(one.id, 10)).toEqual([]);
    });

    it('one delivery per hook and message, whoever queues it and however often; a cursor never moves back', async () => {
      const { s, general, post, hook } = await setUp();
      const h = await hook(general.id);
      const m = await post(general.id, 'hello');
      const other = await another();
      const options = { at: T0, ...bound };
      expect(await s.enqueueOutgoing(h.id, [{ conversationId: general.id, messageId: m.id }], [delivery(m)], options)).toEqual({ queued: 1, dropped: 0 });
      expect(await other.enqueueOutgoing(h.id, [{ conversationId: general.id, messageId: m.id - 1 }], [delivery(m)], options)).toEqual({ queued: 0, dropped: 0 });
      expect(await s.outgoingCandidates(h.id, 10)).toEqual([]);
      const { deliveries } = await s.listOutgoingDeliveries(h.id, { limit: 10 });
      expect(deliveries).toEqual([{ id: `${h.id}:${m.id}`, hookId: h.id, messageId: m.id, status: 'pending', attempts: 0, nextAttemptAt: T0, lastStatus: null, lastError: null, createdAt: T0, updatedAt: T0 }]);
      await other.close();
    });

    it('a claim leases due rows once: not again while leased, again once the lease expired; finishing needs the lease', async () => {
      const { s, general, post, hook } = await setUp();
      const h = await hook(general.id);
      await post(general.id, 'one');
      await scan(s, h.id, T0);
      const [claimed, ...more] = await s.claimOutgoing({ now: T0, leaseMs: LEASE, limit: 10, leaseToken: 'a' });
      expect(more).toEqual([]);
      expect(claimed).toMatchObject({ attempts: 1, url: 'https://example.test/hook', secret: 'whsec_1', leaseToken: 'a', payload: expect.stringContaining('{') });
      expect(await s.claimOutgoing({ now: T0 + LEASE - 1, leaseMs: LEASE, limit: 10, leaseToken: 'b' })).toEqual([]);
      const again = await s.claimOutgoing({ now: T0 + LEASE, leaseMs: LEASE, limit: 10, leaseToken: 'b' });
      expect(again.map((d) => [d.id, d.attempts])).toEqual([[claimed!.id, 2]]);
      expect(await s.finishOutgoing(claimed!.rowId, 'a', { status: 'delivered', httpStatus: 200 }, T0 + LEASE + 1)).toBe(false);
      expect(await s.finishOutgoing(claimed!.rowId, 'b', { status: 'delivered', httpStatus: 200 }, T0 + LEASE + 1)).toBe(true);
      expect(await s.claimOutgoing({ now: T0 + 10 * LEASE, leaseMs: LEASE, limit: 10, leaseToken: 'c' })).toEqual([]);
      expect((await s.listOutgoingDeliveries(h.id, { limit: 10 })).deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, nextAttemptAt: null });
    });

    it('two connections claiming at once never get the same row', async () => {
      const { s, general, post, hook } = await setUp();
      const h = await hook(general.id);
      for (let i = 0; i < 20; i++) await post(general.id, `m${i}`);
      await scan(s, h.id);
      const other = await another();
      const rounds = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? other : s).claimOutgoing({ now: T0, leaseMs: LEASE, limit: 3, leaseToken: `t${i}` })),
      );
      const ids = rounds.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(20);
      await other.close();
    });

    it('a retry waits for its time; a failure is final; a disabled hook sends nothing', async () => {
      const { s, general, post, hook } = await setUp();
      const h = await hook(general.id);
      await post(general.id, 'one');
      await scan(s, h.id);
      const [first] = await s.claimOutgoing({ now: T0, leaseMs: LEASE, limit: 10, leaseToken: 'a' });
      await s.finishOutgoing(first!.rowId, 'a', { status: 'pending', nextAttemptAt: T0 + 10_000, httpStatus: 500, error: 'HTTP 500' }, T0 + 1);
      expect(await s.claimOutgoing({ now: T0 + 9_999, leaseMs: LEASE, limit: 10, leaseToken: 'b' })).toEqual([]);
      expect((await s.listOutgoingDeliveries(h.id, { limit: 10 })).deliveries[0]).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 10_000, lastStatus: 500, lastError: 'HTTP 500' });
      await s.updateOutgoingHook(h.id, { enabled: false }, { at: T0, actorId: null, action: 'outgoing.update' });
      expect(await s.claimOutgoing({ now: T0 + 10_000, leaseMs: LEASE, limit: 10, leaseToken: 'b' })).toEqual([]);
      await s.updateOutgoingHook(h.id, { enabled: true }, { at: T0, actorId: null, action: 'outgoing.update' });
      const [second] = await s.claimOutgoing({ now: T0 + 10_000, leaseMs: LEASE, limit: 10, leaseToken: 'b' });
      expect(second!.attempts).toBe(2);
      await s.finishOutgoing(second!.rowId, 'b', { status: 'failed', httpStatus: null, error: 'timeout' }, T0 + 10_001);
      expect(await s.claimOutgoing({ now: T0 + 10 * 3600_000, leaseMs: LEASE, limit: 10, leaseToken: 'c' })).toEqual([]);
      expect((await s.listOutgoingDeliveries(h.id, { limit: 10 })).deliveries[0]).toMatchObject({ status: 'failed', attempts: 2, lastError: 'timeout', nextAttemptAt: null });
    });

    it('the queue is bounded: past the pending limit new events are recorded as dropped; the log keeps the newest', async () => {
      const { s, general, post, hook } = await setUp();
      const h = await hook(general.id);
      for (let i = 0; i < 5; i++) await post(general.id, `m${i}`);
      expect(await scan(s, h.id, T0, { pendingMax: 3, logKept: 10 })).toMatchObject({ queued: 3, dropped: 2 });
      const { deliveries } = await s.listOutgoingDeliveries(h.id, { limit: 10 });
      expect(deliveries.map((d) => d.status)).toEqual(['failed', 'failed', 'pending', 'pending', 'pending']);
      expect(deliveries[0]!.lastError).toMatch(/^dropped/);
      for (let i = 0; i < 5; i++) await post(general.id, `n${i}`);
      await scan(s, h.id, T0, { pendingMax: 3, logKept: 2 });
      const after = await s.listOutgoingDeliveries(h.id, { limit: 20 });
      expect(after.deliveries.map((d) => d.status)).toEqual(['failed', 'failed', 'pending', 'pending', 'pending']);
      const page = await s.listOutgoingDeliveries(h.id, { limit: 2 });
      expect(page.deliveries).toHaveLength(2);
      expect((await s.listOutgoingDeliveries(h.id, { limit: 10, before: page.next! })).deliveries).toHaveLength(3);
    });

    it('deleting a hook deletes its deliveries and cursors', async () => {
      const { s, admin, general, post, hook } = await setUp();
      const h = await hook(general.id);
      await post(general.id, 'one');
      await scan(s, h.id);
      await s.deleteOutgoingHook(h.id, { at: T0, actorId: admin.id, action: 'outgoing.delete' });
      expect(await s.claimOutgoing({ now: T0, leaseMs: LEASE, limit: 10, leaseToken: 'a' })).toEqual([]);
      expect((await s.listOutgoingDeliveries(h.id, { limit: 10 })).deliveries).toEqual([]);
      expect(await s.enqueueOutgoing(h.id, [], [delivery({ id: 1, conversationId: general.id })], { at: T0, ...bound })).toEqual({ queued: 0, dropped: 0 });
    });
  });
}
