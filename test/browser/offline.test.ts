// Delivery guarantees in Chromium: messages typed while offline are kept (also across a reload), sent once,
// in order, when the connection is back; failures can be retried or discarded by hand.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newClient, startTestServer, type TestServer } from '../helpers/flack.js';
import {
  bodies,
  browserAvailable,
  clickText,
  launch,
  openPage,
  send,
  userPage,
  waitForApp,
  waitForBody,
  type Launched,
  type UserPage,
} from './harness.js';

/** The presence dot on your own avatar (bottom left) and what a screen reader hears next to your name. */
const renderedSeqs = (page: Page) =>
  page.$$eval('.message-list .msg[data-seq]', (els) => els.map((e) => Number((e as HTMLElement).dataset.seq)));

const ownPresence = (page: Page) =>
  page.$eval('.sidebar-foot', (e) => ({
    dot: e.querySelector('.presence')?.classList.contains('on') ? 'on' : 'off',
    // What a screen reader says for it: the account button's name carries the state.
    text: /\((online|offline)\)/.exec(e.querySelector('button.me')?.getAttribute('aria-label') ?? '')?.[0],
  }));

describe.skipIf(!browserAvailable('chromium'))('offline and reconnect in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let alice: UserPage;
  let bob: UserPage;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    alice = await userPage(chromium.browser, server.url, 'alice');
    bob = await userPage(chromium.browser, server.url, 'bob');
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('messages typed offline show as sending, then arrive once and in order for everyone after reconnecting', async () => {
    await send(alice.page, 'before the tunnel');
    await waitForBody(bob.page, 'before the tunnel');

    await alice.page.setOfflineMode(true);
    await alice.page.waitForFunction(() => document.querySelector('.banner')?.textContent?.includes('You are offline.'));
    for (const text of ['offline one', 'offline two', 'offline three']) await send(alice.page, text);
    expect(await alice.page.$eval('.banner', (e) => e.textContent)).toContain('3 messages will be sent when you are back online.');
    const statuses = await alice.page.$$eval('.msg.pending', (els) => els.map((e) => (e as HTMLElement).dataset.status));
    expect(statuses).toEqual(['sending', 'sending', 'sending']);
    expect(await alice.page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('flack.outbox.')))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await bodies(bob.page)).not.toContain('offline one');

    await alice.page.setOfflineMode(false);
    await waitForBody(bob.page, 'offline three');
    await waitForBody(alice.page, 'offline three', 'sent');
    await alice.page.waitForFunction(() => !document.querySelector('.banner') && !document.querySelector('.msg.pending'));
    for (const page of [alice.page, bob.page]) {
      const all = await bodies(page);
      const tail = all.filter((b) => b.startsWith('offline') || b === 'before the tunnel');
      expect(tail).toEqual(['before the tunnel', 'offline one', 'offline two', 'offline three']);
    }
  });

  it('your own presence dot (bottom left) shows you offline while you are, like the banner', async () => {
    expect(await ownPresence(alice.page)).toEqual({ dot: 'on', text: '(online)' });
    await alice.page.setOfflineMode(true);
    await alice.page.waitForFunction(() => document.querySelector('.banner')?.textContent === 'You are offline.');
    expect(await ownPresence(alice.page)).toEqual({ dot: 'off', text: '(offline)' });
    await alice.page.setOfflineMode(false);
    await alice.page.waitForFunction(() => !document.querySelector('.banner'));
    expect(await ownPresence(alice.page)).toEqual({ dot: 'on', text: '(online)' });
  });

  it('catches up on what others said while it was offline', async () => {
    await alice.page.setOfflineMode(true);
    await alice.page.waitForSelector('.banner');
    await send(bob.page, 'you missed this');
    await send(bob.page, 'and this');
    await waitForBody(bob.page, 'and this', 'sent');
    await alice.page.setOfflineMode(false);
    await waitForBody(alice.page, 'and this');
    const all = await bodies(alice.page);
    expect(all.slice(-2)).toEqual(['you missed this', 'and this']);
    expect(all.filter((b) => b === 'you missed this')).toHaveLength(1);
    // What came in with the reconnect is new to you: the divider says where it starts.
    expect(await alice.page.$eval('.unread-divider + .msg .body', (e) => e.textContent)).toBe('you missed this');
  });

  it('a conversation more than 500 messages behind after reconnecting is reloaded: the newest once, older ones by paging back', async () => {
    const poster = await newClient(server, 'poster');
    const general = (await call(poster.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    await alice.page.setOfflineMode(true);
    await alice.page.waitForSelector('.banner');
    const before = Number(await alice.page.$eval('.message-list .msg[data-seq]:last-of-type', (e) => (e as HTMLElement).dataset.seq));
    let last = 0;
    for (let i = 1; i <= 520; i += 40) {
      const batch = Array.from({ length: Math.min(40, 521 - i) }, (_, j) =>
        call(poster.socket, 'message:send', { conversationId: general.id, clientId: `gap-${i + j}`, body: `gap ${i + j}` }),
      );
      for (const { message } of await Promise.all(batch)) last = Math.max(last, message.seq);
    }
    poster.socket.close();
    expect(last - before).toBeGreaterThan(500);

    await alice.page.setOfflineMode(false);
    await alice.page.waitForFunction((s) => document.querySelector<HTMLElement>('.message-list .msg[data-seq]:last-of-type')?.dataset.seq === String(s), {}, last);
    const shown = await renderedSeqs(alice.page);
    // The newest page, each message once, no hole: nothing from before the gap is glued to it.
    expect(shown.length).toBeGreaterThanOrEqual(50);
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => last - shown.length + 1 + i));
    expect(shown[0]).toBeGreaterThan(before + 1);

    // Paging back fills in the rest of the gap, still without duplicates or holes.
    await alice.page.$eval('.messages', (e) => (e.scrollTop = 0));
    await alice.page.waitForFunction((first) => Number(document.querySelector<HTMLElement>('.message-list .msg[data-seq]')?.dataset.seq) < first, {}, shown[0]!);
    const older = await renderedSeqs(alice.page);
    expect(older[0]).toBeLessThan(shown[0]!);
    expect(older).toEqual(Array.from({ length: older.length }, (_, i) => older[0]! + i));
    const ids = await alice.page.$$eval('.message-list .msg[data-id]', (els) => els.map((e) => (e as HTMLElement).dataset.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps unsent messages across a reload and sends them when the app is back', async () => {
    await alice.page.setOfflineMode(true);
    await alice.page.waitForSelector('.banner');
    await send(alice.page, 'survives a reload');
    await alice.page.waitForSelector('.msg.pending');
    // Same browser profile, a new tab, network back: it finds the outbox in localStorage and sends it. The new tab
    // opens before the old one closes: Chromium may drop a browser context's storage once its last page is gone.
    const offlineTab = alice.page;
    alice.page = await openPage(alice.context, server.url);
    await offlineTab.close();
    await waitForApp(alice.page);
    // Chromium freezes background tabs: look at each in front.
    await bob.page.bringToFront();
    await waitForBody(bob.page, 'survives a reload');
    await alice.page.bringToFront();
    await waitForBody(alice.page, 'survives a reload', 'sent');
    await new Promise((r) => setTimeout(r, 300));
    expect((await bodies(bob.page)).filter((b) => b === 'survives a reload')).toHaveLength(1);
  });

  it('a message the server refuses is marked failed and can be retried or discarded; later ones still go', async () => {
    // A stale client (or an edited outbox) left a too-long message queued, followed by a fine one.
    await alice.page.evaluate(async () => {
      const { user } = (await (await fetch('/api/auth/me')).json()) as { user: { id: number } };
      const conversationId = Number(document.querySelector('.item[aria-current="page"]')!.getAttribute('data-conversation'));
      const item = (clientId: string, body: string) => ({ clientId, conversationId, body, createdAt: Date.now(), status: 'sending', attempts: 0 });
      localStorage.setItem(
        `flack.outbox.${user.id}`,
        JSON.stringify([item(crypto.randomUUID(), 'q'.repeat(4001)), item(crypto.randomUUID(), 'after the bad one')]),
      );
    });
    await alice.page.reload();
    await waitForApp(alice.page);
    await alice.page.waitForSelector('.msg.failed');
    expect(await alice.page.$eval('.msg.failed .status-line', (e) => e.textContent)).toMatch(/too long/i);
    await waitForBody(bob.page, 'after the bad one');

    await clickText(alice.page, '.msg.failed button', 'Retry');
    await alice.page.waitForSelector('.msg.failed');
    await clickText(alice.page, '.msg.failed button', 'Discard');
    await alice.page.waitForFunction(() => !document.querySelector('.msg.pending'));
    expect(await alice.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('flack.outbox.')))).toEqual([]);
    expect((await bodies(bob.page)).some((b) => b.startsWith('qqq'))).toBe(false);
  });
});
