// Formatted messages in a real browser: every case of the renderer's fixture (test/fixtures/markup.json) is sent
// through the server and must come out of the web app as exactly the DOM the fixture says, in Chromium and Firefox.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newClient, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { loadMarkupCases } from '../helpers/markup-fixture.js';
import { canonicalDomSource } from '../helpers/markup-html.js';
import { browserAvailable, launch, openSidebarItem, screenshotDir, socketOf, userPage, type BrowserKind, type Launched, type UserPage } from './harness.js';

const PER_CHANNEL = 50;
const BODIES = '.message-list .msg[data-id] .body';

export function markupSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`formatted messages, in ${kind}`, () => {
    let server: TestServer;
    let browser: Launched;
    let viewer: UserPage;
    let viewerSocket: ClientSocket;
    let poster: ClientSocket;
    let n = 0;

    /** A public channel with these bodies in it, which the viewer has joined. */
    async function channelWith(name: string, bodies: readonly string[]): Promise<number> {
      const { conversation } = await call(poster, 'channel:create', { name, visibility: 'public' });
      await call(viewerSocket, 'channel:join', { conversationId: conversation.id });
      for (const body of bodies) await call(poster, 'message:send', { conversationId: conversation.id, clientId: `markup-${n++}`, body });
      return conversation.id;
    }

    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer(), launch(kind)]);
      poster = (await newClient(server, 'poster')).socket;
      // Not a name the fixture mentions: its chips are drawn as someone else's mentions.
      viewer = await userPage(browser.browser, server.url, 'viewer');
      viewerSocket = await socketOf(server, viewer);
    }, 60_000);
    afterAll(async () => {
      poster?.close();
      viewerSocket?.close();
      await browser?.close();
      await server?.close();
    });

    it('draws every case of the fixture as the DOM the fixture says', async () => {
      // A body of blanks is refused by the server, as it should be.
      const cases = loadMarkupCases().filter((c) => c.body.trim() !== '');
      for (let start = 0, chunk = 1; start < cases.length; start += PER_CHANNEL, chunk++) {
        const some = cases.slice(start, start + PER_CHANNEL);
        const name = `markup-${chunk}`;
        await channelWith(
          name,
          some.map((c) => c.body),
        );
        await openSidebarItem(viewer.page, name);
        const expected = some.map((c) => c.html);
        // Highlighting and :shortcodes: arrive in a lazily loaded chunk: wait for the DOM to settle on the fixture.
        const settled = await viewer.page
          .waitForFunction(`JSON.stringify(${canonicalDomSource(BODIES)}) === ${JSON.stringify(JSON.stringify(expected))}`, { timeout: 15_000 })
          .then(() => true, () => false);
        if (!settled) {
          const actual = (await viewer.page.evaluate(canonicalDomSource(BODIES))) as string[];
          const wrong = some.flatMap((c, i) => (actual[i] === c.html ? [] : [{ name: c.name, expected: c.html, actual: actual[i] }]));
          expect(wrong).toEqual([]);
        }
      }
    }, 120_000);

    it('a #channel chip opens that channel; a link opens in a new tab and shows where it goes', async () => {
      await channelWith('markup-chips', ['back to #markup-1 please, or read [the guide](https://docs.example.org/start)']);
      await openSidebarItem(viewer.page, 'markup-chips');
      const link = await viewer.page.waitForSelector(`${BODIES} a`);
      expect(await link!.evaluate((a) => [a.getAttribute('target'), a.getAttribute('rel'), a.querySelector('.link-host')?.textContent])).toEqual([
        '_blank',
        'noopener noreferrer nofollow',
        'docs.example.org',
      ]);
      await viewer.page.click(`${BODIES} .channel-ref`);
      await viewer.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'markup-1');
    });

    it('shows a formatted conversation (screenshot)', async () => {
      await channelWith('markup-showcase', [
        'Deploy notes for **v2.3** — _please read_ before ~~Friday~~ Thursday, @viewer and @here :rocket:',
        '> The migration takes about `5 min` on a 10k-user workspace.\n\nSteps:\n1. Drain the node\n2. Run the migration\n3. Watch #markup-1',
        '```ts\nexport async function drain(node: Node): Promise<void> {\n  await node.stop({ graceful: true }); // 30 s max\n}\n```',
        'Runbook: [deploy guide](https://wiki.example.com/deploy) · dashboard https://grafana.example.com/d/flack',
      ]);
      await openSidebarItem(viewer.page, 'markup-showcase');
      await viewer.page.waitForSelector(`${BODIES} .hljs-keyword`);
      await viewer.page.waitForSelector(`${BODIES} .emoji`);
      expect(await viewer.page.$$eval(`${BODIES} .mention.you`, (els) => els.map((e) => e.textContent))).toEqual(['@viewer']);
      await viewer.page.screenshot({ path: join(screenshotDir(), `markup-${kind}.png`) });
    });
  });
}
