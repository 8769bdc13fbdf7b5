// A channel's life under its admins in a real browser, the same suite in Chromium and Firefox. The owner archives a
// channel: it leaves a member's sidebar while they look at it, its composer gives way to a notice, and nothing in it
// can be changed (browsing still finds it, marked); unarchiving brings it all back. The owner makes it
// announcement-only: the member gets a notice instead of the composer but still replies in a thread. Per-channel and
// workspace retention are set from the dialogs, and the console's live view shows this node's numbers, refreshing.
// Screenshots land in $TMPDIR/flack-channel-admin-shots.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/flack.js';
import { seriousViolations } from './axe.js';
import { MAIN, rowHandle } from './changes-harness.js';
import {
  browserAvailable,
  clickText,
  createChannel,
  fill,
  joinChannel,
  launch,
  send,
  sidebarLabels,
  userPage,
  waitForBody,
  type BrowserKind,
  type Launched,
  type UserPage,
} from './harness.js';
import { openThreadOf, reply } from './threads-harness.js';

const SHOTS = join(tmpdir(), 'flack-channel-admin-shots');

const untilText = (page: Page, selector: string, text: string) =>
  page.waitForFunction((s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent?.includes(t)), {}, selector, text);

const inSidebar = (page: Page, label: string, shown: boolean) =>
  page.waitForFunction(
    (l, s) => [...document.querySelectorAll('.sidebar .item .item-label')].some((e) => e.textContent === l) === s,
    {},
    label,
    shown,
  );

const MAIN_COMPOSER = '.composer[data-surface="main"]';

/** The labels of the action bar of the message with this body, shown as on hover. */
async function actionsOn(page: Page, body: string): Promise<(string | null)[]> {
  await page.bringToFront();
  const row = await rowHandle(page, body, MAIN);
  await row.hover();
  return row.$$eval('.msg-actions button', (bs) => bs.map((b) => b.getAttribute('aria-label')));
}

/** The dialog's entrance animation has finished: a click lands where the button stays, not on the backdrop. */
const settled = (page: Page) =>
  page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished' || a.effect?.getComputedTiming().iterations === Infinity));

async function shot(page: Page, kind: BrowserKind, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.bringToFront();
  await settled(page);
  await page.screenshot({ path: join(SHOTS, `${kind}-${name}.png`) });
}

async function openDetails(page: Page): Promise<void> {
  await page.bringToFront();
  await page.click('.members-button');
  await page.waitForSelector('dialog[open] .member-list');
  await settled(page);
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
}

export function channelAdminSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`archived and announcement channels in ${kind}`, () => {
    let server: TestServer;
    let launched: Launched;
    let owner: UserPage;
    let member: UserPage;

    beforeAll(async () => {
      [server, launched] = await Promise.all([startTestServer(), launch(kind)]);
      owner = await userPage(launched.browser, server.url, 'olivia'); // the first account: the owner
      member = await userPage(launched.browser, server.url, 'mia');
      await createChannel(owner.page, 'launch');
      await owner.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'launch');
      await member.page.bringToFront();
      await joinChannel(member.page, 'launch');
      await send(member.page, 'ready when you are');
      await waitForBody(member.page, 'ready when you are', 'sent');
    }, 60_000);
    afterAll(async () => {
      await launched?.close();
      await server?.close();
    });

    it('archiving takes a channel out of everyone’s sidebar at once and makes it read-only; unarchiving brings it back', async () => {
      const o = owner.page;
      const m = member.page;
      await openDetails(o);
      await o.$eval('dialog[open] .dialog-actions', (e) => e.scrollIntoView({ block: 'end' }));
      await shot(o, kind, 'details-actions');
      await clickText(o, 'dialog[open] .dialog-actions .btn', 'Archive channel');
      await untilText(o, 'dialog[open]', 'becomes read-only for everyone');
      await shot(o, kind, 'archive-confirm');
      await clickText(o, 'dialog[open] .btn.danger', 'Archive #launch');
      await o.waitForFunction(() => !document.querySelector('dialog[open]'));

      // The member, looking at it: gone from the sidebar, the composer replaced, only reading left.
      await m.bringToFront();
      await inSidebar(m, 'launch', false);
      await m.waitForSelector('.pane .archived-bar');
      expect(await m.$(MAIN_COMPOSER)).toBeNull();
      await untilText(m, '.pane-title .channel-tags', 'Archived');
      await untilText(m, '.message-list .system-text', 'archived the channel');
      expect(await m.$('.archived-bar button')).toBeNull(); // not hers to unarchive
      const actions = await actionsOn(m, 'ready when you are');
      expect(actions).toContain('Copy link');
      for (const gone of ['Add reaction', 'Reply in thread', 'Edit message']) expect(actions).not.toContain(gone);
      await shot(m, kind, 'archived-pane');
      expect(await seriousViolations(m)).toEqual([]);

      // Browsing still finds it, marked, and opens it.
      await clickText(m, '.sidebar .item-label', 'general');
      await clickText(m, '.sidebar .item-label', 'Browse channels');
      await m.waitForSelector('dialog[open] button[aria-label="Open #launch"]');
      expect(await m.$eval('dialog[open] .browse-list', (e) => e.textContent)).toContain('launcharchived');
      await shot(m, kind, 'browse-archived');
      await m.click('dialog[open] button[aria-label="Open #launch"]');
      await m.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'launch');
      await m.waitForSelector('.pane .archived-bar');

      // The owner unarchives from the notice; the member's sidebar and composer come back.
      await o.bringToFront();
      await o.waitForSelector('.pane .archived-bar button');
      await shot(o, kind, 'archived-owner');
      await clickText(o, '.archived-bar button', 'Unarchive');
      await o.waitForSelector(`.pane ${MAIN_COMPOSER}`);
      await m.bringToFront();
      await inSidebar(m, 'launch', true);
      await m.waitForSelector(`.pane ${MAIN_COMPOSER}`);
      expect(await m.$('.archived-bar')).toBeNull();
      expect(await actionsOn(m, 'ready when you are')).toContain('Add reaction');
    }, 60_000);

    it('in an announcement channel only admins post; everyone else replies in threads', async () => {
      const o = owner.page;
      const m = member.page;
      await openDetails(o);
      await o.click('dialog[open] .channel-settings input[role="switch"]');
      await o.waitForFunction(() => document.querySelector<HTMLInputElement>('dialog[open] input[role="switch"]')?.checked === true);
      await untilText(o, 'dialog[open] .channel-tags', 'Announcements');
      // The channel's own retention: 90 days instead of the workspace's.
      await o.click('dialog[open] input[name="channel-retention"][value="days"]');
      await fill(o, '#channel-retention-days', '90');
      await clickText(o, 'dialog[open] .channel-retention .btn', 'Save');
      await untilText(o, 'dialog[open] .channel-retention .form-ok', 'Saved.');
      await shot(o, kind, 'details-admin');
      expect(await seriousViolations(o)).toEqual([]);
      await closeDialog(o);
      await untilText(o, '.message-list .system-text', 'kept messages for 90 days');
      await send(o, 'Launch is Friday');
      await waitForBody(o, 'Launch is Friday', 'sent');

      await m.bringToFront();
      await m.waitForSelector('.pane .announcement-bar');
      expect(await m.$(MAIN_COMPOSER)).toBeNull();
      await untilText(m, '.announcement-bar', 'Only admins post here — reply in a thread');
      await untilText(m, '.pane-title .channel-tags', 'Announcements');
      await waitForBody(m, 'Launch is Friday');
      await openThreadOf(m, 'Launch is Friday');
      await reply(m, 'see you there');
      await m.waitForFunction(() =>
        [...document.querySelectorAll('.thread-panel .msg[data-status="sent"] .body')].some((e) => e.textContent?.trim() === 'see you there'),
      );
      await shot(m, kind, 'announcement-member');
      expect(await seriousViolations(m)).toEqual([]);
      // Members see the state, not the admin settings.
      await m.keyboard.press('Escape');
      await openDetails(m);
      await untilText(m, 'dialog[open] .channel-tags', 'Announcements');
      expect(await m.$('dialog[open] .channel-settings')).toBeNull();
      await closeDialog(m);
    }, 60_000);

    it('the workspace keeps messages as its settings say, and the live view shows this node’s numbers', async () => {
      const o = owner.page;
      await o.bringToFront();
      await clickText(o, '.sidebar .item-label', 'Admin console');
      await clickText(o, 'dialog[open] [role="tab"]', 'Settings');
      await o.click('input[name="workspace-retention"][value="days"]');
      await fill(o, '#workspace-retention-days', '0');
      await o.click('dialog[open] .admin-section button[type="submit"]');
      await untilText(o, 'dialog[open] .form-error', 'Keep messages for 1 to 3,650 days');
      await fill(o, '#workspace-retention-days', '365');
      await o.click('dialog[open] .admin-section button[type="submit"]');
      await untilText(o, 'dialog[open] .form-ok', 'Saved.');
      await shot(o, kind, 'settings-retention');
      expect(await seriousViolations(o)).toEqual([]);

      await clickText(o, 'dialog[open] [role="tab"]', 'Live');
      await o.waitForSelector('[data-stat="sockets"] .live-value');
      const sockets = Number(await o.$eval('[data-stat="sockets"] .live-value', (e) => e.textContent));
      expect(sockets).toBeGreaterThanOrEqual(2); // olivia's and mia's tabs
      expect(await o.$eval('[data-stat="p50"] .live-value', (e) => e.textContent)).toMatch(/^(\d+\.\d ms|—)$/);
      expect(await o.$eval('[data-stat="storage"] .live-value', (e) => e.textContent)).toMatch(/^[\d.,]+ (B|KB|MB|GB)$/);
      await untilText(o, '.admin-panel', 'numbers of the server node that answered');
      await shot(o, kind, 'live');
      expect(await seriousViolations(o)).toEqual([]);
      // Asked again while it shows: the uptime moves on.
      const uptime = await o.$eval('[data-stat="uptime"] .live-value', (e) => e.textContent);
      await o.waitForFunction((u) => document.querySelector('[data-stat="uptime"] .live-value')?.textContent !== u, { timeout: 12_000 }, uptime);

      await clickText(o, 'dialog[open] [role="tab"]', 'Audit log');
      // Channel entries name their channel ("olivia archived #old-…").
      for (const line of ['olivia archived #', 'olivia unarchived #', 'announcement-only', 'olivia kept messages for 365 days']) {
        await untilText(o, '.audit-entry .audit-text', line);
      }
    }, 60_000);
  });
}

