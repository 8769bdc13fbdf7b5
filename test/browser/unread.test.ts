// Unread messages in Chromium: the "New" divider, when reading happens (and when it must not), the tab title,
// and mentions of @you. The reader is a browser; everyone else is a socket.io client driven by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { call, newClient, startTestServer, type TestServer } from '../helpers/flack.js';
import { browserAvailable, launch, openSidebarItem, sidebarBadge, userIdOf, userPage, waitForApp, waitForBody, type Launched, type UserPage } from './harness.js';

type Client = Awaited<ReturnType<typeof newClient>>;

/** The body of the message right after the "New" divider, and how many dividers there are. */
const divider = (page: Page) =>
  page.evaluate(() => {
    const all = document.querySelectorAll('.message-list .unread-divider');
    const next = all[0]?.nextElementSibling;
    return { count: all.length, next: next?.querySelector('.body')?.textContent ?? null, nextGrouped: next?.classList.contains('grouped') ?? null };
  });

/** The badge of a sidebar item: its text and whether it is the red "someone wants you" kind. */
const badge = (page: Page, label: string) =>
  page.evaluate((l) => {
    const item = [...document.querySelectorAll('.sidebar .item')].find((e) => e.querySelector('.item-label')?.textContent === l);
    const b = item?.querySelector('.badge');
    return b ? { text: b.textContent, mention: b.classList.contains('mention'), label: b.getAttribute('aria-label') } : null;
  }, label);

describe.skipIf(!browserAvailable('chromium'))('unread messages in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let reader: UserPage;
  let poster: Client;
  let design: number;
  let seq = 0;
  const say = (conversationId: number, body: string) =>
    call(poster.socket, 'message:send', { conversationId, clientId: `u-${seq++}`, body });

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    poster = await newClient(server, 'poster');
    reader = await userPage(chromium.browser, server.url, 'reader');
    design = (await call(poster.socket, 'channel:create', { name: 'design', visibility: 'public' })).conversation.id;
    await call(poster.socket, 'channel:invite', { conversationId: design, username: 'reader' });
    await say(design, 'already read');
    await openSidebarItem(reader.page, 'design');
    await waitForBody(reader.page, 'already read');
  });
  afterAll(async () => {
    poster?.socket.close();
    await chromium?.close();
    await server?.close();
  });

  it('opening a conversation with unread messages puts a “New” divider above the first one, until you leave it', async () => {
    const page = reader.page;
    await openSidebarItem(page, 'general');
    await say(design, 'fresh one');
    await say(design, 'fresh two');
    await page.waitForFunction(() => document.title === '(2) #general · Flack');
    expect(await badge(page, 'design')).toEqual({ text: '2', mention: false, label: '2 unread' });

    await openSidebarItem(page, 'design');
    await waitForBody(page, 'fresh two');
    // The divider breaks the group: the first unread message shows its author again.
    expect(await divider(page)).toEqual({ count: 1, next: 'fresh one', nextGrouped: false });
    await page.waitForFunction(() => !document.querySelector('.sidebar .badge') && document.title === '#design · Flack');

    // Read or not, it stays where it was while the conversation is open…
    await say(design, 'fresh three');
    await waitForBody(page, 'fresh three');
    expect(await divider(page)).toEqual({ count: 1, next: 'fresh one', nextGrouped: false });
    // …and is gone after leaving and coming back with nothing unread.
    await openSidebarItem(page, 'general');
    await openSidebarItem(page, 'design');
    await waitForBody(page, 'fresh three');
    expect((await divider(page)).count).toBe(0);
  });

  it('with more unread than fits on screen, the list opens at the divider and they stay unread until you scroll down', async () => {
    const page = reader.page;
    await openSidebarItem(page, 'general');
    for (let i = 1; i <= 40; i++) await say(design, `long ${i}`);
    await page.waitForFunction(() => document.querySelector('.sidebar .badge')?.textContent === '40');

    await openSidebarItem(page, 'design');
    await waitForBody(page, 'long 40');
    expect((await divider(page)).next).toBe('long 1');
    const place = await page.evaluate(() => {
      const view = document.querySelector('.messages')!.getBoundingClientRect();
      const line = document.querySelector('.unread-divider')!.getBoundingClientRect();
      return { fromTop: line.top - view.top, visible: line.top >= view.top && line.bottom <= view.bottom };
    });
    expect(place.visible).toBe(true);
    expect(place.fromTop).toBeLessThan(100);
    await new Promise((r) => setTimeout(r, 300));
    expect(await sidebarBadge(page, 'design')).toBe('40');

    await page.$eval('.messages', (e) => (e.scrollTop = e.scrollHeight));
    await page.waitForFunction(() => !document.querySelector('.sidebar .badge'));
  });

  it('a hidden tab or a window in the background does not mark messages read; coming back does, below a divider', async () => {
    const page = reader.page;
    await openSidebarItem(page, 'general');
    await openSidebarItem(page, 'design');
    expect((await divider(page)).count).toBe(0);
    // Another tab in front hides this one (rAF stops there, so poll by time).
    const other = await reader.context.newPage();
    await other.bringToFront();
    expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
    await say(design, 'while you were away');
    await page.waitForFunction(() => document.querySelector('.sidebar .badge')?.textContent === '1', { polling: 50 });
    expect(await page.title()).toBe('(1) #design · Flack');
    await new Promise((r) => setTimeout(r, 300));
    expect(await sidebarBadge(page, 'design')).toBe('1');

    await other.close();
    await page.bringToFront();
    await page.waitForFunction(() => !document.querySelector('.sidebar .badge') && document.title === '#design · Flack');
    expect((await divider(page)).next).toBe('while you were away');

    // Visible but not focused (another application in front): still not read.
    await page.evaluate(() => {
      document.hasFocus = () => false;
      window.dispatchEvent(new Event('blur'));
    });
    await say(design, 'behind another window');
    await waitForBody(page, 'behind another window');
    await new Promise((r) => setTimeout(r, 300));
    expect(await sidebarBadge(page, 'design')).toBe('1');
    await page.evaluate(() => {
      delete (document as { hasFocus?: unknown }).hasFocus;
      window.dispatchEvent(new Event('focus'));
    });
    await page.waitForFunction(() => !document.querySelector('.sidebar .badge'));
  });

  it('highlights @you in messages and gives their conversation a red badge; others stay grey', async () => {
    const page = reader.page;
    const random = (await call(poster.socket, 'channel:create', { name: 'random', visibility: 'public' })).conversation.id;
    await call(poster.socket, 'channel:invite', { conversationId: random, username: 'reader' });
    await page.waitForFunction(() => [...document.querySelectorAll('.item-label')].some((e) => e.textContent === 'random'));
    await say(random, 'lunch, anyone?');
    await say(random, 'ping @readers and mail@reader.org');
    await page.waitForFunction(() => document.querySelector('.sidebar .badge')?.textContent === '2');
    expect(await badge(page, 'random')).toEqual({ text: '2', mention: false, label: '2 unread' });

    await say(random, 'hey @READER, can you look?');
    await page.waitForFunction(() => document.querySelector('.sidebar .badge')?.textContent === '3');
    expect(await badge(page, 'random')).toEqual({ text: '3', mention: true, label: '3 unread, 1 mentioning you' });
    // The title counts the mentions among the unread, and the favicon gets its red dot.
    expect(await page.title()).toBe('(3 · @1) #design · Flack');
    expect(await page.$eval('link[rel="icon"]', (l) => l.getAttribute('href'))).toBe('/favicon-alert.svg');

    // After a reload the client finds the mention again in what is unread.
    await page.reload();
    await waitForApp(page);
    await page.waitForFunction(() => document.querySelector('.sidebar .badge.mention')?.textContent === '3');

    // A direct message is always for you.
    const readerId = await userIdOf(poster.socket, 'reader');
    const { conversation: dm } = await call(poster.socket, 'dm:open', { userIds: [readerId] });
    await say(dm.id, 'a word in private');
    await page.waitForFunction(() => [...document.querySelectorAll('.sidebar .item')].some((e) => e.textContent?.includes('poster') && e.querySelector('.badge.mention')));
    expect(await page.title()).toBe('(4 · @2) #design · Flack');

    await openSidebarItem(page, 'random');
    await waitForBody(page, 'hey @READER, can you look?');
    const marks = await page.$$eval('.message-list .msg', (els) =>
      els.map((e) => ({ body: e.querySelector('.body')?.textContent, mentioned: e.classList.contains('mentioned'), spans: [...e.querySelectorAll('.body .mention.you')].map((s) => s.textContent) })),
    );
    expect(marks.filter((m) => m.body?.includes('@'))).toEqual([
      { body: 'ping @readers and mail@reader.org', mentioned: false, spans: [] },
      { body: 'hey @READER, can you look?', mentioned: true, spans: ['@READER'] },
    ]);
    await page.waitForFunction(() => document.title === '(1 · @1) #random · Flack');
    expect(await badge(page, 'random')).toBeNull();
    await openSidebarItem(page, 'poster');
    await page.waitForFunction(() => document.title === 'poster · Flack' && document.querySelector('link[rel="icon"]')?.getAttribute('href') === '/favicon.svg');
  });
});
