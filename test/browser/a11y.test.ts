// Accessibility in Chromium: axe-core finds no serious or critical violation on any main screen, in light or dark:
// sign-in, a channel, the composer's @mention list, a DM, the thread panel, the Threads view, the emoji picker, the
// details and account dialogs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, signUp, startTestServer, type TestServer } from '../helpers/flack.js';
import { seriousViolations, type Violation } from './axe.js';
import { MAIN, messageAction } from './changes-harness.js';
import { anonymousPage, browserAvailable, clickText, launch, openSidebarItem, send, userIdOf, userPage, waitForBody, type Launched, type UserPage } from './harness.js';
import { openThreadOf, reply } from './threads-harness.js';

type Page = UserPage['page'];
type Theme = 'light' | 'dark';

/** No transition or entrance animation is running (the typing dots, which never stop, aside): colours are final. */
const settled = (page: Page) =>
  page.waitForFunction(() => document.getAnimations().every((a) => a.effect?.getComputedTiming().iterations === Infinity || a.playState === 'finished'));

describe.skipIf(!browserAvailable('chromium'))('accessibility (axe-core), in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let maya: UserPage;
  const found: Record<string, Violation[]> = {};

  async function check(page: Page, screen: string, theme: Theme): Promise<void> {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
    await settled(page);
    const violations = await seriousViolations(page);
    if (violations.length) found[`${screen} (${theme})`] = violations;
  }

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    maya = await userPage(chromium.browser, server.url, 'maya');
    const sam = await connect(server, (await signUp(server, 'sam')).token);
    const state = await call(sam, 'state', {});
    const general = state.conversations.find((c) => c.name === 'general')!;
    const mayaId = await userIdOf(sam, 'maya');
    const { conversation: dm } = await call(sam, 'dm:open', { userIds: [mayaId] });
    await call(sam, 'message:send', { conversationId: general.id, clientId: 'a11y-1', body: 'Morning! The mockups are in the shared folder 😄' });
    await call(sam, 'message:send', { conversationId: general.id, clientId: 'a11y-2', body: 'Anyone for a review at 3, @maya?' });
    await call(sam, 'message:send', { conversationId: dm.id, clientId: 'a11y-3', body: 'Do you have a minute?' });
    await waitForBody(maya.page, 'Anyone for a review at 3, @maya?');
    await send(maya.page, 'Yes, count me in');
    await waitForBody(maya.page, 'Yes, count me in', 'sent');
    await openThreadOf(maya.page, 'Anyone for a review at 3, @maya?');
    await reply(maya.page, 'I will bring the notes');
    await maya.page.keyboard.press('Escape');
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('has no serious or critical violations on any main screen, light or dark', async () => {
    const { page: signIn, context } = await anonymousPage(chromium.browser, server.url);
    const page = maya.page;
    for (const theme of ['light', 'dark'] as const) {
      await check(signIn, 'sign-in', theme);

      await openSidebarItem(page, 'general');
      await check(page, 'channel', theme);

      await page.focus('.composer[data-surface="main"] textarea');
      await page.keyboard.type('@');
      await page.waitForSelector('.composer [role="listbox"]:not([hidden]) [role="option"]');
      await check(page, 'mention list', theme);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Backspace');

      await page.click('.members-button');
      await page.waitForSelector('dialog[open] .member-list li');
      await check(page, 'channel details', theme);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));

      await openThreadOf(page, 'Anyone for a review at 3, @maya?');
      await page.waitForSelector('.thread-panel .messages .msg[data-id]');
      await check(page, 'thread panel', theme);
      await page.keyboard.press('Escape');

      await messageAction(page, 'Yes, count me in', 'Add reaction', MAIN);
      await page.waitForSelector('dialog[open] .emoji-section:not([aria-label="Recently used"]) button.emoji');
      await check(page, 'emoji picker', theme);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));

      await clickText(page, '.sidebar .item .item-label', 'People');
      await page.waitForSelector('dialog[open] .person');
      await check(page, 'people directory', theme);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));

      await clickText(page, '.sidebar .item .item-label', 'Threads');
      await page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'Threads');
      await check(page, 'Threads view', theme);

      await openSidebarItem(page, 'sam');
      await waitForBody(page, 'Do you have a minute?');
      await check(page, 'DM', theme);

      await page.click('.sidebar-foot .me');
      await page.waitForSelector('dialog[open]');
      await check(page, 'account dialog', theme);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    }
    await context.close();
    if (Object.keys(found).length) console.log('[axe]', JSON.stringify(found, null, 1));
    expect(found).toEqual({});
  }, 120_000);
});
