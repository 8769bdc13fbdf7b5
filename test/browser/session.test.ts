// Closing the browser and opening it again (same profile) keeps you signed in and in the same conversation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/flack.js';
import { anonymousPage, browserAvailable, clickText, createChannel, currentTitle, launch, waitForApp, type Launched } from './harness.js';

describe.skipIf(!browserAvailable('chromium'))('sessions in Chromium', () => {
  let server: TestServer;
  const launched: Launched[] = [];
  const profile = mkdtempSync(join(tmpdir(), 'flack-profile-'));

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    // A browser still open (the test failed midway) would hold its socket and keep the server from closing.
    await Promise.allSettled(launched.map((b) => b.close()));
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('a browser restart keeps you signed in, back in the conversation you left', async () => {
    const first = await launch('chromium', profile);
    launched.push(first);
    const page = (await first.browser.pages())[0] ?? (await first.browser.newPage());
    await page.goto(server.url);
    await page.waitForSelector('.auth-card');
    await clickText(page, '.auth-switch button', 'Create an account');
    await page.type('#auth-username', 'dora');
    await page.type('#auth-password', 'correct horse battery');
    await page.click('button[type="submit"]');
    await waitForApp(page);
    await createChannel(page, 'where-i-was');
    await page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'where-i-was');
    await new Promise((r) => setTimeout(r, 200)); // let `focus` reach the server
    await first.close();

    const second = await launch('chromium', profile);
    launched.push(second);
    const again = (await second.browser.pages())[0] ?? (await second.browser.newPage());
    await again.goto(server.url);
    await waitForApp(again);
    expect(await again.$eval('.me-name', (e) => e.textContent)).toBe('dora');
    await again.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'where-i-was');

    // Another device: a fresh context signing in lands in the same place.
    const { page: other, context } = await anonymousPage(second.browser, server.url);
    await other.type('#auth-username', 'dora');
    await other.type('#auth-password', 'correct horse battery');
    await other.click('button[type="submit"]');
    await waitForApp(other);
    await other.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'where-i-was');
    expect(await currentTitle(other)).toBe('where-i-was');
    await context.close();
    await second.close();
  }, 60_000); // two browser starts, on a machine the rest of the suite is also using
});
