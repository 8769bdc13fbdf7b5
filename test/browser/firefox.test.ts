// The main flows again in Firefox (WebDriver BiDi): sign up, live chat between two users, reload, DM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/flack.js';
import {
  anonymousPage,
  browserAvailable,
  clickText,
  createChannel,
  joinChannel,
  launch,
  messagePerson,
  openSidebarItem,
  send,
  sidebarBadge,
  userPage,
  waitForApp,
  waitForBody,
  type Launched,
  type UserPage,
} from './harness.js';
import type { BrowserContext, Page } from 'puppeteer-core';

describe.skipIf(!browserAvailable('firefox'))('web app in Firefox', () => {
  let server: TestServer;
  let firefox: Launched;
  let alice: { page: Page; context: BrowserContext };
  let bob: UserPage;

  beforeAll(async () => {
    [server, firefox] = await Promise.all([startTestServer(), launch('firefox')]);
  }, 60_000);
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('signs up through the form', async () => {
    alice = await anonymousPage(firefox.browser, server.url);
    await clickText(alice.page, '.auth-switch button', 'Create an account');
    await alice.page.type('#auth-username', 'alice');
    await alice.page.type('#auth-password', 'correct horse battery');
    await alice.page.click('button[type="submit"]');
    await waitForApp(alice.page);
    expect(await alice.page.$eval('.me-name', (e) => e.textContent)).toBe('alice');
  });

  // Firefox gives a tab in the background no animation frames, and under load draws little there: each step looks
  // at the page it acts on, as a person would.
  it('two users chat live', async () => {
    bob = await userPage(firefox.browser, server.url, 'bob');
    await alice.page.bringToFront();
    await createChannel(alice.page, 'foxes');
    await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'foxes');
    await bob.page.bringToFront();
    await joinChannel(bob.page, 'foxes');
    await alice.page.bringToFront();
    await send(alice.page, 'hello from firefox');
    await bob.page.bringToFront();
    await waitForBody(bob.page, 'hello from firefox');
    await send(bob.page, 'hi back');
    await alice.page.bringToFront();
    await waitForBody(alice.page, 'hi back');
  });

  it('a reload lands in the same conversation', async () => {
    await alice.page.bringToFront();
    await alice.page.reload();
    await waitForApp(alice.page);
    await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'foxes');
    await waitForBody(alice.page, 'hi back');
  });

  it('a DM from the people directory', async () => {
    await bob.page.bringToFront();
    await messagePerson(bob.page, 'alice');
    await send(bob.page, 'private word');
    await alice.page.bringToFront();
    await alice.page.waitForFunction(() => document.querySelector('.item .badge') !== null);
    expect(await sidebarBadge(alice.page, 'bob')).toBe('1');
    await openSidebarItem(alice.page, 'bob');
    await waitForBody(alice.page, 'private word');
  });
});
