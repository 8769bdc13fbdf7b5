// Message search in a real browser: Ctrl/⌘+F opens it, typing finds substrings with the match marked, a message in
// a conversation you are not in is never found, and a result opens its conversation (a reply: its thread too).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newClient, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { browserAvailable, fill, launch, screenshotDir, socketOf, userPage, type BrowserKind, type Launched, type UserPage } from './harness.js';

const results = (u: UserPage) =>
  u.page.$$eval('dialog[open] .search-result', (els) =>
    els.map((e) => ({ where: e.querySelector('.search-where')?.textContent, marks: [...e.querySelectorAll('mark')].map((m) => m.textContent) })),
  );

export function searchSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`message search, in ${kind}`, () => {
    let server: TestServer;
    let browser: Launched;
    let viewer: UserPage;
    let poster: ClientSocket;
    let viewerSocket: ClientSocket;
    let n = 0;
    const say = (conversationId: number, body: string, threadId?: number) =>
      call(poster, 'message:send', { conversationId, clientId: `s-${n++}`, body, ...(threadId && { threadId }) }).then((r) => r.message);

    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer(), launch(kind)]);
      poster = (await newClient(server, 'poster')).socket;
      viewer = await userPage(browser.browser, server.url, 'viewer');
      viewerSocket = await socketOf(server, viewer);
      const ops = (await call(poster, 'channel:create', { name: 'ops', visibility: 'public' })).conversation.id;
      await call(viewerSocket, 'channel:join', { conversationId: ops });
      const secret = (await call(poster, 'channel:create', { name: 'secret', visibility: 'private' })).conversation.id;
      await say(secret, 'the hostname of the secret box is vault.internal');
      const root = await say(ops, 'the hostname.test.com is down again');
      await say(ops, 'rebooting hostname.test.com now', root.id);
      await say(ops, 'Kaffee im Café um drei?');
    }, 60_000);
    afterAll(async () => {
      poster?.close();
      viewerSocket?.close();
      await browser?.close();
      await server?.close();
    });

    it('finds substrings in your conversations only, with the match marked; a result opens its thread', async () => {
      const page = viewer.page;
      await page.focus('.composer textarea');
      await page.keyboard.down(kind === 'firefox' || process.platform !== 'darwin' ? 'Control' : 'Meta');
      await page.keyboard.press('f');
      await page.keyboard.up(kind === 'firefox' || process.platform !== 'darwin' ? 'Control' : 'Meta');
      await page.waitForSelector('dialog[open] input[aria-label="Search messages"]');
      await page.keyboard.type('hostna');
      await page.waitForFunction(() => document.querySelectorAll('dialog[open] .search-result').length === 2);
      // Newest first: the reply, then its root; the private channel's message is not there.
      expect(await results(viewer)).toEqual([
        { where: '#ops', marks: ['hostna'] },
        { where: '#ops', marks: ['hostna'] },
      ]);
      await page.screenshot({ path: join(screenshotDir(), `search-${kind}.png`) });

      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
      await page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'ops');
      await page.waitForSelector('.thread-panel');
    });

    it('matches without case or accents, and says when nothing is found', async () => {
      const page = viewer.page;
      await page.click('.sidebar-top button[title^="Search messages"]');
      const input = 'dialog[open] input[aria-label="Search messages"]';
      await page.waitForSelector(input);
      await fill(page, input, 'CAFE');
      await page.waitForFunction(() => document.querySelector('dialog[open] .search-result mark')?.textContent === 'Café');
      await fill(page, input, 'vault.internal');
      await page.waitForFunction(() => document.querySelector('dialog[open] .search-status')?.textContent === 'Nothing found for “vault.internal”.');
      expect(await page.$$('dialog[open] .search-result')).toHaveLength(0);
      await fill(page, input, 'ab');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /3 characters/.test(document.querySelector('dialog[open] .search-status')?.textContent ?? ''));
      await page.keyboard.press('Escape');
    });
  });
}
