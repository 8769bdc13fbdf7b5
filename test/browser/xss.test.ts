// User content is text, always: script-looking messages, topics and names must never become markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { postJson, startTestServer, type TestServer } from '../helpers/flack.js';
import {
  anonymousPage,
  browserAvailable,
  clickText,
  createChannel,
  fill,
  joinChannel,
  launch,
  send,
  userPage,
  waitForBody,
  type Launched,
  type UserPage,
} from './harness.js';

const PAYLOADS = [
  '<img src=x onerror=window.__xss=1>',
  '<svg onload=window.__xss=1>',
  '[x](javascript:window.__xss=1)',
  '<iframe srcdoc="<script>parent.__xss=1</script>">',
  'javascript:window.__xss=1',
];

/** Everything that would mean user content became markup. */
function dangerous(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) if (attr.startsWith('on')) found.push(`${el.tagName} ${attr}`);
      const href = el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('xlink:href');
      if (href && /^\s*javascript:/i.test(href)) found.push(`${el.tagName} ${href}`);
      if (['IFRAME', 'OBJECT', 'EMBED', 'SCRIPT'].includes(el.tagName) && !(el as HTMLScriptElement).src?.includes('/assets/')) {
        found.push(el.tagName);
      }
      if (el.tagName === 'IMG' && !el.getAttribute('src')?.endsWith('favicon.svg')) found.push(`IMG ${el.getAttribute('src')}`);
    }
    return { found, xss: (window as { __xss?: unknown }).__xss };
  });
}

describe.skipIf(!browserAvailable('chromium'))('XSS in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let alice: UserPage;
  let bob: UserPage;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    alice = await userPage(chromium.browser, server.url, 'alice');
    bob = await userPage(chromium.browser, server.url, 'bob');
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('renders script-looking messages and topics as plain text for sender and reader', async () => {
    await createChannel(alice.page, 'payloads', { topic: PAYLOADS[0]! + PAYLOADS[3]! });
    await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'payloads');
    await joinChannel(bob.page, 'payloads');
    for (const p of PAYLOADS) await send(alice.page, p);
    await send(alice.page, 'safe link https://example.com/a?b=1 stays a link');
    for (const p of PAYLOADS) await waitForBody(bob.page, p);
    await waitForBody(bob.page, 'safe link https://example.com/a?b=1 stays a link');

    await bob.page.click('.members-button');
    await bob.page.waitForSelector('dialog[open] .topic-view');
    expect(await bob.page.$eval('dialog .topic-view p', (e) => e.textContent)).toBe(PAYLOADS[0]! + PAYLOADS[3]!);
    await bob.page.keyboard.press('Escape');
    await new Promise((r) => setTimeout(r, 300));

    for (const page of [alice.page, bob.page]) {
      expect(await page.$eval('.pane-title .topic', (e) => e.textContent)).toBe(PAYLOADS[0]! + PAYLOADS[3]!);
      const result = await dangerous(page);
      expect(result).toEqual({ found: [], xss: undefined });
      const links = await page.$$eval('.message-list a', (as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(['https://example.com/a?b=1']);
    }
  });

  it('refuses payloads as channel names and usernames, showing the rule instead', async () => {
    await createChannel(alice.page, '<img src=x onerror=window.__xss=1>');
    await alice.page.waitForSelector('#channel-name-error');
    await alice.page.keyboard.press('Escape');

    const { page, context } = await anonymousPage(chromium.browser, server.url);
    await clickText(page, '.auth-switch button', 'Create an account');
    await fill(page, '#auth-username', '<svg onload=window.__xss=1>');
    await fill(page, '#auth-password', 'long enough now');
    await page.click('button[type="submit"]');
    await page.waitForSelector('#auth-username-error');
    expect(await dangerous(page)).toEqual({ found: [], xss: undefined });
    await context.close();
    // The server applies the same rule when the form is bypassed.
    const direct = await postJson<{ error: { code: string } }>(server.url, '/api/auth/signup', { username: '<svg onload=alert(1)>', password: 'long enough now' });
    expect([direct.status, direct.body.error.code]).toEqual([400, 'username_invalid']);
    expect(await dangerous(alice.page)).toEqual({ found: [], xss: undefined });
  });
});
