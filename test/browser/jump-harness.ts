// Jumping to a message in a real browser: a search result opens its conversation at an old message, highlighted,
// with older history above it and newer below, back to the newest end where live messages show again; and a
// permalink opened in a fresh tab lands on its message.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/shared/protocol.js';
import { call, newClient, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { browserAvailable, fill, launch, openPage, socketOf, userPage, waitForApp, waitForBody, type BrowserKind, type Launched, type UserPage } from './harness.js';

const COUNT = 250;
const pad = (i: number) => String(i).padStart(3, '0');
const label = (i: number) => `m${pad(i)} kumquat${pad(i)}`;

/** The rendered row of the message with this body. */
const rowOf = (page: Page, body: string) =>
  page.waitForFunction(
    (b) => [...document.querySelectorAll<HTMLElement>('.message-list .msg')].find((e) => e.querySelector('.body')?.textContent?.trim() === b),
    {},
    body,
  );

/** The message is highlighted, marked current, and inside the visible part of the list. */
const landedOn = (page: Page, body: string) =>
  page.waitForFunction(
    (b) => {
      const row = [...document.querySelectorAll<HTMLElement>('.message-list .msg')].find((e) => e.querySelector('.body')?.textContent?.trim() === b);
      const list = document.querySelector<HTMLElement>('.messages')!.getBoundingClientRect();
      const at = row?.getBoundingClientRect();
      return !!row && row.classList.contains('jumped') && row.getAttribute('aria-current') === 'true' && at!.top >= list.top && at!.bottom <= list.bottom;
    },
    {},
    body,
  );

/** Keep scrolling the list to one end until a message with this body is rendered. */
const scrollUntil = (page: Page, end: 'top' | 'bottom', body: string) =>
  page.waitForFunction(
    (e, b) => {
      const list = document.querySelector<HTMLElement>('.messages')!;
      list.scrollTop = e === 'top' ? 0 : list.scrollHeight;
      return [...document.querySelectorAll('.message-list .msg .body')].some((x) => x.textContent?.trim() === b);
    },
    { polling: 100, timeout: 15_000 },
    end,
    body,
  );

export function jumpSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`jumping to a message, in ${kind}`, () => {
    let server: TestServer;
    let browser: Launched;
    let viewer: UserPage;
    let poster: ClientSocket;
    let channelId: number;
    const seeded: Message[] = [];

    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer(), launch(kind)]);
      poster = (await newClient(server, 'poster')).socket;
      channelId = (await call(poster, 'channel:create', { name: 'archive', visibility: 'public' })).conversation.id;
      for (let i = 1; i <= COUNT; i += 50) {
        const batch = [];
        for (let j = i; j < i + 50 && j <= COUNT; j++) batch.push(call(poster, 'message:send', { conversationId: channelId, clientId: `j-${j}`, body: label(j) }));
        seeded.push(...(await Promise.all(batch)).map((r) => r.message));
      }
      seeded.sort((a, b) => a.seq - b.seq);
      viewer = await userPage(browser.browser, server.url, 'viewer');
      const own = await socketOf(server, viewer);
      await call(own, 'channel:join', { conversationId: channelId });
      own.close();
    }, 60_000);
    afterAll(async () => {
      poster?.close();
      await browser?.close();
      await server?.close();
    });

    const searchFor = async (page: Page, fragment: string) => {
      await page.click('.sidebar-top button[title^="Search messages"]');
      await page.waitForSelector('dialog[open] input[aria-label="Search messages"]');
      await fill(page, 'dialog[open] input[aria-label="Search messages"]', fragment);
      // The dialog shows the previous search's results until the new one's arrive.
      await page.waitForFunction(
        (f) => {
          const found = document.querySelectorAll('dialog[open] .search-result');
          return found.length === 1 && found[0]!.querySelector('mark')?.textContent === f;
        },
        {},
        fragment,
      );
      await page.click('dialog[open] .search-result');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    };

    it('a search result opens the conversation at it; scrolling up loads older, down reaches the newest and live messages', async () => {
      const page = viewer.page;
      await searchFor(page, 'umquat150');
      await landedOn(page, label(150));
      await rowOf(page, label(149));
      expect(await page.$eval('.pane-title .title-text', (e) => e.textContent)).toBe('archive');
      // Older than the window the jump loaded: a `before` page.
      await scrollUntil(page, 'top', label(60));
      await page.waitForSelector('.pill');
      expect(await page.$eval('.pill', (e) => e.textContent)).toContain('Jump to newest');
      // Sent while the window is detached from the newest end: shown once the window gets there.
      await call(poster, 'message:send', { conversationId: channelId, clientId: 'late-1', body: 'late kumquat news' });
      await scrollUntil(page, 'bottom', 'late kumquat news');
      await rowOf(page, label(COUNT));
      await page.waitForFunction(() => !document.querySelector('.pill'));
      // Back at the live end: new messages append as usual.
      await call(poster, 'message:send', { conversationId: channelId, clientId: 'late-2', body: 'later kumquat news' });
      await waitForBody(page, 'later kumquat news');
    });

    it('"Jump to newest" from an old message brings back the newest page, with what arrived meanwhile', async () => {
      const page = viewer.page;
      await searchFor(page, 'umquat040');
      await landedOn(page, label(40));
      await page.waitForSelector('.pill');
      await call(poster, 'message:send', { conversationId: channelId, clientId: 'late-3', body: 'latest kumquat news' });
      await page.click('.pill');
      await waitForBody(page, 'latest kumquat news');
      await rowOf(page, 'later kumquat news');
      await page.waitForFunction(() => !document.querySelector('.pill'));
    });

    it('a link to a reply opens the conversation at its root, with the thread beside it and the reply marked', async () => {
      const root = seeded[29]!;
      const reply = (await call(poster, 'message:send', { conversationId: channelId, clientId: 'r-1', body: 'kumquat reply', threadId: root.id })).message;
      const page = await openPage(viewer.context, `${server.url}/#/c/${channelId}/m/${reply.id}/s/${reply.seq}/t/${root.id}`);
      try {
        await waitForApp(page);
        await page.waitForSelector('.thread-panel .msg.jumped[aria-current="true"]');
        expect(await page.$eval('.thread-panel .msg.jumped .body', (e) => e.textContent?.trim())).toBe('kumquat reply');
        await rowOf(page, label(30));
      } finally {
        await page.close();
      }
    });

    it('"Copy link" on a message says it copied the link (or shows it, where the clipboard is refused)', async () => {
      const page = viewer.page;
      const row = `.message-list .msg[data-id="${seeded[COUNT - 1]!.id}"]`;
      await page.waitForSelector(row);
      await page.$eval(row, (e) => (e as HTMLElement).focus());
      await page.click(`${row} button[aria-label="Copy link"]`);
      await page.waitForFunction(() => /Link copied|Could not copy the link: http/.test(document.querySelector('.toast')?.textContent ?? ''));
    });

    it('a permalink opened in a fresh tab lands on its message, and the hash is cleared', async () => {
      const m = seeded[99]!;
      expect(m.body).toBe(label(100));
      const page = await openPage(viewer.context, `${server.url}/#/c/${channelId}/m/${m.id}/s/${m.seq}`);
      try {
        await waitForApp(page);
        await landedOn(page, label(100));
        expect(await page.evaluate(() => location.hash)).toBe('');
        // A link to a conversation you cannot see says so.
        await page.evaluate(() => (location.hash = '#/c/999999/m/1/s/1'));
        await page.waitForFunction(() => document.querySelector('.toast')?.textContent?.includes('That message is not available'));
      } finally {
        await page.close();
      }
    });
  });
}
