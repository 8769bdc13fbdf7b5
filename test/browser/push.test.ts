// Web Push in Chromium: the account dialog's switch registers the service worker (/sw.js, root scope), asks the
// permission and subscribes through the browser's own PushManager. Offline (no Google push service reachable),
// Chromium's subscribe fails (headless Chromium answers "Registration failed - permission denied"): then the
// dialog must say so and nothing is stored. Nothing here fakes PushManager.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/flack.js';
import { browserAvailable, launch, screenshotDir, userPage, type Launched, type UserPage } from './harness.js';

describe.skipIf(!browserAvailable('chromium'))('Web Push, in chromium', () => {
  let server: TestServer;
  let browser: Launched;
  let reader: UserPage;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launch('chromium')]);
    reader = await userPage(browser.browser, server.url, 'pushreader');
    await reader.context.overridePermissions(server.url, ['notifications']);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the switch registers the service worker and subscribes, or says why the browser could not', async () => {
    const { page } = reader;
    await page.click('.me');
    await page.waitForSelector('dialog[open] .push-section input[type=checkbox]');
    await page.click('dialog[open] .push-section input[type=checkbox]');
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('dialog[open] .push-section input')?.checked || document.querySelector('dialog[open] .push-section .form-error'),
      { timeout: 20_000 },
    );
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/'))?.active?.scriptURL ?? null);
    expect(worker).toBe(`${server.url}/sw.js`);
    const error = await page.$eval('dialog[open] .push-section', (e) => e.querySelector('.form-error')?.textContent ?? null);
    await page.screenshot({ path: join(screenshotDir(), 'push-account-dialog.png') });
    const stored = await server.storage.listPushSubscriptions((await server.storage.findUserByName('pushreader'))!.id);
    if (error === null) {
      // A push service answered: the subscription reached the server, and the dialog lists this device.
      expect(stored).toHaveLength(1);
      expect(await page.$$eval('dialog[open] .push-section .device', (l) => l.length)).toBe(1);
    } else {
      console.info(`[push] Chromium could not subscribe offline: ${error}`);
      expect(stored).toEqual([]);
    }
  }, 40_000);
});
