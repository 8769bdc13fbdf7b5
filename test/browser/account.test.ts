// Your account in Chromium: changing the password keeps this tab working and signs out the others; deleting the
// account signs you out, takes you out of the people directory, and leaves your messages in place.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, postJson, startTestServer, type TestServer } from '../helpers/flack.js';
import {
  anonymousPage,
  browserAvailable,
  clickText,
  fill,
  launch,
  screenshotDir,
  send,
  userPage,
  waitForApp,
  waitForBody,
  type Launched,
  type UserPage,
} from './harness.js';

/** The people directory's rows for a search (after the search's answer has arrived). */
async function peopleFound(page: UserPage['page'], query: string): Promise<string[]> {
  await clickText(page, '.sidebar .item-label', 'People');
  await page.waitForSelector('dialog[open] #people-search');
  await fill(page, '#people-search', query);
  await page.waitForFunction(
    (q) =>
      [...document.querySelectorAll('dialog[open] .person .item-label')].every((e) => e.textContent?.startsWith(q)) &&
      !document.querySelector('dialog[open] [role="status"]'),
    {},
    query,
  );
  const found = await page.$$eval('dialog[open] .person .item-label', (els) => els.map((e) => e.textContent ?? ''));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  return found;
}

describe.skipIf(!browserAvailable('chromium'))('your account in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let gail: UserPage;
  let hank: UserPage;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    // The workspace's owner, so that gail (a member) may delete her account: the only owner may not.
    await postJson(server.url, '/api/auth/signup', { username: 'owner', password: PASSWORD });
    gail = await userPage(chromium.browser, server.url, 'gail');
    hank = await userPage(chromium.browser, server.url, 'hank');
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('changes the password: a wrong current one is refused, then this tab chats on and other devices are signed out', async () => {
    const { page: elsewhere, context } = await anonymousPage(chromium.browser, server.url);
    await elsewhere.type('#auth-username', 'gail');
    await elsewhere.type('#auth-password', PASSWORD);
    await elsewhere.click('button[type="submit"]');
    await waitForApp(elsewhere);

    const page = gail.page;
    await page.click('.sidebar-foot button.me');
    await page.waitForSelector('dialog[open] #current-password');
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.screenshot({ path: join(screenshotDir(), 'account-dialog.png') });
    await page.type('#current-password', 'not my password');
    await page.type('#new-password', 'a much better secret');
    await page.click('dialog[open] form[aria-labelledby="password-heading"] button[type="submit"]');
    await page.waitForSelector('dialog[open] .form-error');
    expect(await page.$eval('dialog[open] .form-error', (e) => e.textContent)).toMatch(/not your current password/i);

    await fill(page, '#current-password', PASSWORD);
    await page.click('dialog[open] form[aria-labelledby="password-heading"] button[type="submit"]');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    await elsewhere.waitForSelector('.auth-card'); // the other device was signed out
    await waitForApp(page);
    await send(page, 'new password, same me');
    await waitForBody(hank.page, 'new password, same me');
    const signIn = await postJson(server.url, '/api/auth/signin', { username: 'gail', password: 'a much better secret' });
    expect(signIn.status).toBe(200);
    await context.close();
  });

  it('deletes the account: signed out with a notice, gone from the people directory, messages kept', async () => {
    expect(await peopleFound(hank.page, 'ga')).toEqual(['gail']);
    const page = gail.page;
    await page.click('.sidebar-foot button.me');
    await page.waitForSelector('dialog[open] #delete-password');
    await page.type('#delete-password', 'a much better secret');
    await page.click('dialog[open] .danger-zone button[type="submit"]');
    await page.waitForSelector('.auth-card');
    expect(await page.$eval('.auth-notice', (e) => e.textContent)).toMatch(/gail was deleted/);

    expect(await peopleFound(hank.page, 'ga')).toEqual([]);
    await waitForBody(hank.page, 'new password, same me');

    // Nobody signs in as gail again, with any password.
    await page.type('#auth-username', 'gail');
    await page.type('#auth-password', 'a much better secret');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.form-error');
    expect(await page.$eval('.form-error', (e) => e.textContent)).toMatch(/wrong username or password/i);
  });
});
