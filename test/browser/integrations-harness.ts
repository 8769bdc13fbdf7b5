// Bots and incoming webhooks in a real browser, the same suite in Chromium and Firefox: the owner makes a webhook for
// #builds in the admin console and copies its URL; a script POSTs a CI result to it and a member's open tab shows it,
// marked as a bot; the owner makes a bot whose token signs a program in, and its message is marked too; revoking the
// webhook kills its URL. Screenshots land in $TMPDIR/flack-integrations-shots.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, startTestServer, type TestServer } from '../helpers/flack.js';
import { seriousViolations } from './axe.js';
import { browserAvailable, clickText, fill, launch, openSidebarItem, socketOf, userPage, waitForBody, type BrowserKind, type Launched, type UserPage } from './harness.js';

const SHOTS = join(tmpdir(), 'flack-integrations-shots');

async function shot(page: Page, kind: BrowserKind, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.bringToFront();
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished' || a.effect?.getComputedTiming().iterations === Infinity));
  await page.screenshot({ path: join(SHOTS, `${kind}-${name}.png`) });
}

/** The author line of the message with this body: its name, and whether it carries the bot badge. */
const authorOf = (page: Page, body: string) =>
  page.$$eval(
    '.message-list .msg',
    (rows, b) => {
      const row = rows.find((r) => r.querySelector('.body')?.textContent?.trim() === b);
      return { name: row?.querySelector('.author')?.textContent ?? null, bot: !!row?.querySelector('.msg-head .role-bot') };
    },
    body,
  );

const fieldValue = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLInputElement).value);

export function integrationsSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`bots and webhooks in ${kind}`, () => {
    let server: TestServer;
    let launched: Launched;
    let owner: UserPage;
    let member: UserPage;

    beforeAll(async () => {
      [server, launched] = await Promise.all([startTestServer(), launch(kind)]);
    }, 60_000);
    afterAll(async () => {
      await launched?.close();
      await server?.close();
    });

    it('the owner makes a webhook and a bot in the console; what they post reaches a member marked as a bot; a revoked URL is dead', async () => {
      owner = await userPage(launched.browser, server.url, 'olivia'); // the first account: the owner
      member = await userPage(launched.browser, server.url, 'mia');
      const ownerSocket = await socketOf(server, owner);
      const builds = (await call(ownerSocket, 'channel:create', { name: 'builds', visibility: 'public' })).conversation;
      const memberSocket = await socketOf(server, member);
      await call(memberSocket, 'channel:join', { conversationId: builds.id });
      ownerSocket.close();
      memberSocket.close();
      await openSidebarItem(member.page, 'builds');

      const page = owner.page;
      await page.bringToFront();
      await clickText(page, '.sidebar .item-label', 'Admin console');
      await page.waitForSelector('dialog[open] .admin-tabs');
      await clickText(page, 'dialog[open] [role="tab"]', 'Integrations');
      await page.waitForSelector('.new-webhook-form');
      await page.waitForFunction(() => document.querySelector('#webhooks-heading ~ p')?.textContent === 'No webhooks yet.');

      // A webhook for #builds: its URL shows once, with a curl line.
      await fill(page, '#new-webhook-name', 'jenkins');
      await page.waitForFunction((id) => !!document.querySelector(`#new-webhook-channel option[value="${id}"]`), {}, String(builds.id));
      await page.select('#new-webhook-channel', String(builds.id));
      await page.click('.new-webhook-form button[type="submit"]');
      await page.waitForSelector('.new-webhook .invite-link-text');
      const url = await fieldValue(page, '.new-webhook .invite-link-text');
      expect(url).toMatch(new RegExp(`^${server.url}/hooks/[A-Za-z0-9_-]{43}$`));
      expect(await page.$eval('.new-webhook .curl-example', (e) => e.textContent)).toContain(url);
      await page.waitForSelector('li.admin-integration[data-webhook="jenkins"]');
      await shot(page, kind, 'console-new-webhook');
      expect(await seriousViolations(page)).toEqual([]);

      // A CI script posts through it; the member's open tab shows it, marked as a bot.
      const posted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Build #42 passed ✅' }) });
      expect(posted.status).toBe(200);
      await waitForBody(member.page, 'Build #42 passed ✅');
      expect(await authorOf(member.page, 'Build #42 passed ✅')).toEqual({ name: 'jenkins', bot: true });

      // A bot: its token is shown once; a program signs in with it and posts.
      await fill(page, '#new-bot-username', 'deploybot');
      await clickText(page, '.bot-channels .pick span', 'builds');
      await page.click('.new-bot-form button[type="submit"]');
      await page.waitForSelector('.new-bot .invite-link-text');
      const token = await fieldValue(page, '.new-bot .invite-link-text');
      expect(token).toMatch(/^flackbot_/);
      await page.waitForSelector('li.admin-integration[data-bot="deploybot"]');
      const bot = await connect(server, token);
      await call(bot, 'message:send', { conversationId: builds.id, clientId: 'deploy-1', body: 'Deployed v1.2 to production' });
      bot.close();
      await waitForBody(member.page, 'Deployed v1.2 to production');
      expect(await authorOf(member.page, 'Deployed v1.2 to production')).toEqual({ name: 'deploybot', bot: true });
      await shot(member.page, kind, 'bot-messages');

      // Revoking the webhook asks first; then its URL is dead and the row says so.
      await page.bringToFront();
      await page.click('li[data-webhook="jenkins"] button[aria-label="Revoke jenkins"]');
      await page.waitForSelector('li[data-webhook="jenkins"] .admin-confirm');
      await shot(page, kind, 'console-revoke-confirm');
      await clickText(page, 'li[data-webhook="jenkins"] .admin-confirm button', 'Revoke');
      await page.waitForSelector('li.admin-integration.status-revoked[data-webhook="jenkins"]');
      const dead = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'too late' }) });
      expect(dead.status).toBe(404);
      await page.evaluate(() => document.querySelector('#bots-heading')?.scrollIntoView());
      await shot(page, kind, 'console-integrations');
      expect(await seriousViolations(page)).toEqual([]);
    }, 60_000);
  });
}
