// Browser notifications, in a real browser with the permission granted: a DM and a mention notify while every Flack
// tab is out of sight, a plain message and your own do not, two hidden tabs show one notification between them,
// and clicking it opens the conversation. The page's Notification is wrapped to record what is shown (the
// browser's own notification centre is out of a test's reach); the real constructor still runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { call, newClient, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { browserAvailable, launch, openPage, userIdOf, userPage, waitForApp, waitForBody, type BrowserKind, type Launched, type UserPage } from './harness.js';

const RECORD = `(() => {
  const Real = window.Notification;
  if (!Real) return;
  const shown = (window.__shown = []);
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      shown.push({ title, body: options?.body ?? '', tag: options?.tag ?? '', open: () => this.onclick?.() });
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (...a) => Real.requestPermission(...a);
  window.Notification = Recorded;
})()`;

type Shown = { title: string; body: string; tag: string };
const shown = (page: Page) => page.evaluate(() => ((window as { __shown?: Shown[] }).__shown ?? []).map(({ title, body, tag }) => ({ title, body, tag })));
const untilShown = (page: Page, n: number) => page.waitForFunction((k) => ((window as { __shown?: unknown[] }).__shown?.length ?? 0) >= k, { polling: 50 }, n);

export function notificationsSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`browser notifications, in ${kind}`, () => {
    let server: TestServer;
    let browser: Launched;
    let reader: UserPage;
    let poster: ClientSocket;
    let general: number;
    let n = 0;
    const say = (conversationId: number, body: string, socket = poster) => call(socket, 'message:send', { conversationId, clientId: `n-${n++}`, body });

    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer(), launch(kind)]);
      poster = (await newClient(server, 'poster')).socket;
      reader = await userPage(browser.browser, server.url, 'reader');
      await reader.context.overridePermissions(server.url, ['notifications']);
      await reader.page.evaluateOnNewDocument(RECORD);
      await reader.page.reload();
      await waitForApp(reader.page);
      general = (await call(poster, 'state', {})).conversations.find((c) => c.name === 'general')!.id;
    }, 60_000);
    afterAll(async () => {
      poster?.close();
      await browser?.close();
      await server?.close();
    });

    it('says in the account dialog that notifications are on', async () => {
      await reader.page.click('.me');
      await reader.page.waitForSelector('dialog[open] #notifications-heading');
      expect(await reader.page.$eval('dialog[open] .notifications-state', (e) => e.textContent)).toBe('On in this browser.');
      await reader.page.keyboard.press('Escape');
    });

    it('notifies of a DM and a mention while the tab is hidden, not of other messages; a click opens the conversation', async () => {
      const page = reader.page;
      // Seen in front: nothing is shown.
      await say(general, 'hello @reader, are you there?');
      // On screen before the tab is hidden (live changes are applied a moment after they arrive).
      await waitForBody(page, 'hello @reader, are you there?');
      const other = await reader.context.newPage();
      await other.bringToFront();
      await page.waitForFunction(() => document.visibilityState === 'hidden', { polling: 50 });

      await say(general, 'lunch, anyone?');
      await say(general, '**@reader** can you look at `this`?');
      await untilShown(page, 1);
      const readerId = await userIdOf(poster, 'reader');
      const { conversation: dm } = await call(poster, 'dm:open', { userIds: [readerId] });
      await say(dm.id, 'a word in private');
      await untilShown(page, 2);
      expect(await shown(page)).toEqual([
        { title: 'poster in #general', body: '@reader can you look at this?', tag: expect.stringMatching(/^flack-message-\d+$/) },
        { title: 'poster', body: 'a word in private', tag: expect.stringMatching(/^flack-message-\d+$/) },
      ]);

      await page.evaluate(() => (window as unknown as { __shown: { open(): void }[] }).__shown[1]!.open());
      await page.bringToFront();
      await page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'poster');
      await other.close();
    });

    it('two hidden tabs show one notification between them', async () => {
      const second = await openPage(reader.context, server.url);
      await second.evaluate(RECORD);
      await waitForApp(second);
      const front = await reader.context.newPage();
      await front.bringToFront();
      await reader.page.waitForFunction(() => document.visibilityState === 'hidden', { polling: 50 });
      await second.waitForFunction(() => document.visibilityState === 'hidden', { polling: 50 });
      const before = (await shown(reader.page)).length;
      await say(general, 'once only, @reader');
      await say(general, 'and again, @reader');
      const total = async () => (await shown(reader.page)).length - before + (await shown(second)).length;
      // Both tabs have had both messages once the second one's notification is somewhere.
      await expect.poll(async () => [...(await shown(reader.page)), ...(await shown(second))].filter((s) => s.body === 'and again, @reader').length, { timeout: 10_000 }).toBe(1);
      expect(await total()).toBe(2);
      await front.close();
      await second.close();
    });
  });
}
