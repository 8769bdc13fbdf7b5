// Your devices and password reset links in a real browser, the same suite in Chromium and Firefox. One person signed
// in in two browser contexts sees both devices by browser name and signs the other out, whose tab lands on the
// sign-in page at once. An owner makes a reset link for a member in the console; a fresh context opens it, sets a
// new password and is signed in (the member's old tab is signed out); the link works once. Screenshots land in
// $TMPDIR/flack-devices-shots.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, postJson, signUp, startTestServer, type TestServer } from '../helpers/flack.js';
import { seriousViolations } from './axe.js';
import { browserAvailable, clickText, launch, openPage, userPage, waitForApp, type BrowserKind, type Launched } from './harness.js';

const SHOTS = join(tmpdir(), 'flack-devices-shots');

const untilText = (page: Page, selector: string, text: string) =>
  page.waitForFunction((s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent?.includes(t)), {}, selector, text);

async function shot(page: Page, kind: BrowserKind, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.bringToFront();
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished' || a.effect?.getComputedTiming().iterations === Infinity));
  await page.screenshot({ path: join(SHOTS, `${kind}-${name}.png`) });
}

async function signInHere(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.type('#auth-username', username);
  await page.type('#auth-password', password);
  await page.click('.auth-card button[type="submit"]');
  await waitForApp(page);
}

export function devicesSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`devices and password resets in ${kind}`, () => {
    let server: TestServer;
    let launched: Launched;
    let owner: Page;
    const contexts: BrowserContext[] = [];
    const browserName = kind === 'chromium' ? 'Chrome on Linux' : 'Firefox on Linux';

    beforeAll(async () => {
      [server, launched] = await Promise.all([startTestServer(), launch(kind)]);
    }, 60_000);
    afterAll(async () => {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await launched?.close();
      await server?.close();
    });

    /** A fresh context (no session) opening `url`, the sign-in page showing. */
    async function visitor(url = server.url): Promise<Page> {
      const context = await launched.browser.createBrowserContext();
      contexts.push(context);
      const page = await openPage(context, url);
      await page.waitForSelector('.auth-card');
      return page;
    }

    it('lists the devices you are signed in on by browser, and signing one out sends its tab to the sign-in page', async () => {
      // The first account owns the workspace; dana, with two devices, signs up and in through the pages themselves,
      // so both sessions are this browser's.
      const olivia = await userPage(launched.browser, server.url, 'olivia');
      contexts.push(olivia.context);
      owner = olivia.page;
      const first = await visitor();
      await clickText(first, '.auth-switch button', 'Create an account');
      await signInHere(first, 'dana');
      const second = await visitor();
      await signInHere(second, 'dana');

      await first.bringToFront();
      await first.click('.sidebar-foot button.me');
      await first.waitForFunction(() => document.querySelectorAll('dialog[open] .device-list .device').length === 2);
      const devices = await first.$$eval('.device-list .device', (rows) =>
        rows.map((r) => ({ label: r.querySelector('.device-label')?.firstChild?.textContent, current: r.classList.contains('current'), times: r.querySelector('.device-times')?.textContent })),
      );
      expect(devices.map((d) => d.label)).toEqual([browserName, browserName]);
      expect(devices.filter((d) => d.current)).toHaveLength(1);
      expect(await first.$eval('.device.current .device-current', (e) => e.textContent)).toBe('This device');
      const other = devices.find((d) => !d.current)!;
      expect(other.times).toMatch(/^Signed in .+ · last active (just now|\d+ minutes? ago)$/);
      await first.$eval('.device-list', (e) => e.scrollIntoView({ block: 'center' }));
      await shot(first, kind, 'devices');
      expect(await seriousViolations(first)).toEqual([]);

      await first.click('.device:not(.current) button');
      await first.waitForFunction(() => document.querySelectorAll('dialog[open] .device-list .device').length === 1);
      expect(await first.$('.device:not(.current)')).toBeNull();
      // The other tab is on the sign-in page at once, and says why.
      await second.bringToFront();
      await second.waitForSelector('.auth-card');
      await untilText(second, '.auth-notice', 'Your session has ended');
      expect(await second.$('.sidebar')).toBeNull();
      // This one is still signed in.
      await first.bringToFront();
      expect(await first.$('.sidebar')).not.toBeNull();
    }, 60_000);

    it('an owner hands a member a one-time reset link: it sets a new password, signs them in, and works only once', async () => {
      const admin = owner; // olivia, the first account
      const member = await userPage(launched.browser, server.url, 'mia');
      contexts.push(member.context);

      await admin.bringToFront();
      await clickText(admin, '.sidebar .item-label', 'Admin console');
      await admin.waitForSelector('dialog[open] li[data-user="mia"]');
      // Not for yourself.
      expect(await admin.$('li[data-user="olivia"] button[aria-label^="Reset password"]')).toBeNull();
      await admin.click('li[data-user="mia"] button[aria-label="Reset password of mia"]');
      const handle = await admin.waitForFunction(() => document.querySelector<HTMLInputElement>('li[data-user="mia"] .admin-reset .invite-link-text')?.value || null);
      const link = (await handle.jsonValue()) as string;
      expect(link).toMatch(new RegExp(`^${server.url}/#/reset/[^/]+$`));
      expect(await admin.$eval('li[data-user="mia"] .admin-reset', (e) => e.textContent)).toContain('Hand it over yourself; it works once, for 24 hours');
      await shot(admin, kind, 'reset-link');
      expect(await seriousViolations(admin)).toEqual([]);

      // A fresh browser opens the link: whose password it sets, then a new one (too short first).
      const visiting = await visitor(link);
      await untilText(visiting, '.auth-lead', 'Set a new password for mia');
      await shot(visiting, kind, 'reset-page');
      expect(await seriousViolations(visiting)).toEqual([]);
      await visiting.type('#reset-password', 'short');
      await visiting.click('.auth-card button[type="submit"]');
      await untilText(visiting, '#reset-password-error', 'at least 8 characters');
      await visiting.type('#reset-password', ' and now long enough');
      await visiting.click('.auth-card button[type="submit"]');
      await waitForApp(visiting);
      expect(await visiting.$eval('.me-name', (e) => e.textContent)).toBe('mia');
      expect(await visiting.evaluate(() => location.hash)).toBe('');

      // Every other session of mia's ended: her old tab is on the sign-in page.
      await member.page.bringToFront();
      await member.page.waitForSelector('.auth-card');
      const signIn = await postJson(server.url, '/api/auth/signin', { username: 'mia', password: 'short and now long enough' });
      expect(signIn.status).toBe(200);

      // The link worked once.
      const again = await visitor(link);
      await untilText(again, '.auth-invite-gone', 'expired or was already used');
      expect(await again.$('#reset-password')).toBeNull();
      await shot(again, kind, 'reset-used');
      await clickText(again, '.auth-card button', 'Sign in instead');
      await again.waitForSelector('#auth-username');
      expect(await again.evaluate(() => location.hash)).toBe('');
    }, 60_000);
  });
}
