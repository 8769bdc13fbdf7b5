// Unwanted conversations in Chromium, between two (or three) people: a hidden DM leaves the sidebar of every tab and
// comes back with its next message; leaving a group DM; blocking stops the other's messages with the server's words,
// unblocking lets them through; a deleted channel moves whoever was reading it elsewhere, with a notice.
// Screenshots of the menus and confirmations in .artifacts/screenshots/.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, signUp, startTestServer, type TestServer } from '../helpers/flack.js';
import {
  browserAvailable,
  clickText,
  createChannel,
  currentTitle,
  joinChannel,
  launch,
  messagePerson,
  userIdOf,
  openPage,
  openSidebarItem,
  screenshotDir,
  send,
  sidebarBadge,
  sidebarLabels,
  userPage,
  waitForApp,
  waitForBody,
  type Launched,
  type UserPage,
} from './harness.js';
import { chooseMenuItem, dialogButton, dialogSettled, dialogText, openHeaderMenu, openRowMenu, untilDmRows, untilToast } from './unwanted-harness.js';

type Page = UserPage['page'];
/** No transition or entrance animation is running (after a theme switch, a dialog's entrance). */
const settled = (page: Page) =>
  page.waitForFunction(() => document.getAnimations().every((a) => a.effect?.getComputedTiming().iterations === Infinity || a.playState === 'finished'));
const titleIs = (page: Page, title: string) => page.waitForFunction((t) => document.querySelector('.pane-title .title-text')?.textContent === t, {}, title);

/** A DM's menu starts with its notification level (every message, by default) and mute. */
const DM_NOTIFY_ITEMS = ['✓ Notify me of every message', 'Notify me of mentions only', 'Never notify me', 'Mute conversation'];

describe.skipIf(!browserAvailable('chromium'))('unwanted conversations, in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let alice: UserPage;
  let bob: UserPage;
  let shots: string;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    alice = await userPage(chromium.browser, server.url, 'alice');
    bob = await userPage(chromium.browser, server.url, 'bob');
    shots = screenshotDir();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('a hidden DM leaves the sidebar of every tab of its user, and its next message brings it back', async () => {
    await messagePerson(bob.page, 'alice');
    await send(bob.page, 'lunch today?');
    await untilDmRows(alice.page, (rows) => rows.includes('bob'), 'showed bob');
    const second = await openPage(alice.context, server.url);
    await waitForApp(second);
    await untilDmRows(second, (rows) => rows.includes('bob'), 'showed bob in the second tab');

    // A background tab gets no animation frames, and a click waits for one: the user looks at the first tab.
    await alice.page.bringToFront();
    await openSidebarItem(alice.page, 'bob');
    await waitForBody(alice.page, 'lunch today?');
    await openRowMenu(alice.page, 'bob');
    await settled(alice.page);
    await alice.page.screenshot({ path: join(shots, 'dm-row-menu-light.png') });
    expect(await alice.page.$$eval('.menu:popover-open [role="menuitem"]', (els) => els.map((e) => e.textContent))).toEqual([
      ...DM_NOTIFY_ITEMS,
      'Hide conversation',
      'Block bob',
    ]);
    await chooseMenuItem(alice.page, 'Hide conversation');

    await untilDmRows(alice.page, (rows) => !rows.includes('bob'), 'hid bob');
    await untilDmRows(second, (rows) => !rows.includes('bob'), 'hid bob in the second tab');
    // The tab that hid it was reading it: it moved on.
    await titleIs(alice.page, 'general');

    await send(bob.page, 'or tomorrow?');
    await untilDmRows(alice.page, (rows) => rows.includes('bob'), 'brought bob back');
    await untilDmRows(second, (rows) => rows.includes('bob'), 'brought bob back in the second tab');
    expect(await sidebarBadge(second, 'bob')).toBe('1');
    await second.close();
  });

  it('leaving a group DM takes it away from you, and the others see you left', async () => {
    const carol = await connect(server, (await signUp(server, 'carol')).token);
    const { conversation: group } = await call(carol, 'dm:open', { userIds: [await userIdOf(carol, 'alice'), await userIdOf(carol, 'bob')] });
    await call(carol, 'message:send', { conversationId: group.id, clientId: 'group-1', body: 'planning the offsite' });

    await untilDmRows(alice.page, (rows) => rows.includes('bob, carol'), 'showed the group');
    await openSidebarItem(alice.page, 'bob, carol');
    await openSidebarItem(bob.page, 'alice, carol');
    await openHeaderMenu(alice.page);
    expect(await alice.page.$$eval('.menu:popover-open [role="menuitem"]', (els) => els.map((e) => e.textContent))).toEqual([
      ...DM_NOTIFY_ITEMS,
      'Hide conversation',
      'Leave conversation',
    ]);
    await chooseMenuItem(alice.page, 'Leave conversation');
    await dialogSettled(alice.page);
    expect(await dialogText(alice.page)).toContain('You will no longer see your conversation with bob, carol');
    await alice.page.screenshot({ path: join(shots, 'leave-dm-dialog-light.png') });
    await dialogButton(alice.page, 'Leave conversation');

    await untilDmRows(alice.page, (rows) => !rows.includes('bob, carol'), 'dropped the group');
    await titleIs(alice.page, 'general');
    await untilToast(alice.page, 'You left the conversation with bob, carol.');
    await bob.page.waitForFunction(() =>
      [...document.querySelectorAll('.message-list .msg.system')].some((e) => e.textContent?.includes('alice left the conversation')),
    );
    await bob.page.waitForFunction(() => document.querySelector('.members-button span')?.textContent === '2');
    carol.disconnect();
  });

  it('blocking stops the other one writing, with the reason; unblocking lets the message through', async () => {
    await openSidebarItem(alice.page, 'bob');
    await openSidebarItem(bob.page, 'alice');
    await openHeaderMenu(alice.page);
    await chooseMenuItem(alice.page, 'Block bob');
    await dialogSettled(alice.page);
    expect(await dialogText(alice.page)).toContain('bob will not be able to start a direct message with you');
    await alice.page.screenshot({ path: join(shots, 'block-dialog-light.png') });
    await dialogButton(alice.page, 'Block bob');

    // Alice's composer is replaced by the bar; bob's message is refused with the server's reason.
    await alice.page.waitForSelector('.blocked-bar');
    expect(await alice.page.$('.pane .composer')).toBeNull();
    expect(await alice.page.$eval('.blocked-bar p', (e) => e.textContent)).toBe('You blocked bob. Neither of you can send messages here.');
    await alice.page.screenshot({ path: join(shots, 'blocked-bar-light.png') });
    await send(bob.page, 'hello?');
    await bob.page.waitForFunction(() => document.querySelector('.msg.failed .status-line')?.textContent?.includes('Not sent: One of you blocked the other.'));
    await bob.page.screenshot({ path: join(shots, 'blocked-send-failed-light.png') });

    await clickText(alice.page, '.blocked-bar button', 'Unblock bob');
    await alice.page.waitForSelector('.pane .composer textarea');
    await clickText(bob.page, '.msg.failed .status-line button', 'Retry');
    await waitForBody(alice.page, 'hello?');
    await waitForBody(bob.page, 'hello?', 'sent');
  });

  it('a deleted channel moves whoever was reading it elsewhere, and tells them', async () => {
    await createChannel(alice.page, 'doomed', { topic: 'Not for long' });
    await titleIs(alice.page, 'doomed');
    await joinChannel(bob.page, 'doomed');
    await send(bob.page, 'anything here?');
    await waitForBody(alice.page, 'anything here?');

    // Only its creator is offered to delete it.
    await bob.page.click('.members-button');
    await bob.page.waitForSelector('dialog[open] .member-list li');
    expect(await bob.page.$$eval('dialog[open] button', (bs) => bs.map((b) => b.textContent))).not.toContain('Delete channel');
    await bob.page.keyboard.press('Escape');

    await alice.page.click('.members-button');
    await alice.page.waitForSelector('dialog[open] .member-list li');
    await dialogSettled(alice.page);
    await alice.page.screenshot({ path: join(shots, 'details-delete-light.png') });
    await dialogButton(alice.page, 'Delete channel');
    await dialogSettled(alice.page);
    expect(await dialogText(alice.page)).toContain('Everything in #doomed will be gone for everyone');
    await alice.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await settled(alice.page);
    await alice.page.screenshot({ path: join(shots, 'delete-channel-dialog-dark.png') });
    await alice.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await dialogButton(alice.page, 'Delete #doomed');

    await titleIs(bob.page, 'general');
    await untilToast(bob.page, '#doomed was deleted by alice. Everything in it is gone.');
    expect(await sidebarLabels(bob.page)).not.toContain('doomed');
    await titleIs(alice.page, 'general');
    await untilToast(alice.page, '#doomed was deleted.');
    expect(await currentTitle(alice.page)).toBe('general');
  });
});
