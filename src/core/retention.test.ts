import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreWorld, type CoreWorld } from '../../test/helpers/core.js';

let w: CoreWorld;
beforeEach(async () => (w = await coreWorld()));
afterEach(() => w.close());

const DAY = 24 * 3600_000;

describe('message retention', () => {
  it("deletes what is older than the channel's retention, else the workspace's, thread by thread, and logs each run", async () => {
    const owner = (await w.flack.signIn({ username: 'founder', password: 'correct horse battery' })).user;
    const alice = await w.user('alice');
    const kept = await w.flack.createChannel(alice.id, { name: 'kept', visibility: 'public' });
    const brief = await w.flack.createChannel(alice.id, { name: 'brief', visibility: 'public' });
    const send = (conversationId: number, body: string, threadId?: number) =>
      w.flack.sendMessage(alice.id, { conversationId, clientId: `${conversationId}-${body}`, body, ...(threadId && { threadId }) });
    const old = await send(brief.id, 'old');
    const oldRoot = await send(brief.id, 'old root');
    await send(kept.id, 'kept old');
    w.advance(40 * DAY);
    await send(brief.id, 'old root reply', oldRoot.message.id); // keeps its thread alive
    await send(brief.id, 'new');

    expect(await w.flack.applyRetention()).toEqual({ conversations: 0, deleted: 0 }); // nothing set: kept forever
    await w.flack.updateChannel(owner.id, brief.id, { retentionDays: 30 });
    await expect(w.flack.updateChannel(alice.id, kept.id, { retentionDays: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await w.flack.applyRetention()).toEqual({ conversations: 1, deleted: 1 });
    const bodies = async (id: number) => (await w.flack.history(alice.id, { conversationId: id })).messages.map((m) => m.body);
    expect(await bodies(brief.id)).not.toContain('old');
    expect(await bodies(brief.id)).toEqual(expect.arrayContaining(['old root', 'new']));
    expect(await w.storage.getMessage(old.message.id)).toBeNull();
    expect(await bodies(kept.id)).toContain('kept old');

    // The workspace's retention reaches every channel without its own; the thread goes once its reply is old too.
    const { version } = await w.flack.snapshot(owner).then((s) => s.workspace);
    await w.flack.updateSettings(owner.id, { version, retentionDays: 35 });
    w.advance(40 * DAY);
    const run = await w.flack.applyRetention();
    expect(run.deleted).toBeGreaterThanOrEqual(3); // #kept's message, #brief's old thread and "new", #general's notices
    expect(await bodies(kept.id)).toEqual([]);
    expect(await bodies(brief.id)).not.toContain('old root');
    const audit = await w.flack.auditLog(owner.id);
    expect(audit.entries.filter((e) => e.action === 'retention.delete').map((e) => e.detail.conversationId)).toContain(kept.id);
  });
});
