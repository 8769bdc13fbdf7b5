// Real browsers for the web client's tests: one browser per test file, one incognito context per user.
// A missing browser skips the file locally but fails it in CI (CI=true), so a broken image cannot go green.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { call, connect, PASSWORD, postJson, startTestServer, uniqueName, type ClientSocket, type TestServer } from '../helpers/flack.js';
import type { AuthReply } from '../../src/shared/protocol.js';

export type BrowserKind = 'chromium' | 'firefox';
const EXECUTABLES: Record<BrowserKind, string> = { chromium: '/usr/bin/chromium', firefox: '/usr/bin/firefox-esr' };

/** True when the browser can run; throws in CI when it is missing. */
export function browserAvailable(kind: BrowserKind): boolean {
  const path = process.env[kind === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'] ?? EXECUTABLES[kind];
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') throw new Error(`${kind} not found at ${path}: browser tests cannot run in CI`);
  console.warn(`[browser tests] skipping: ${kind} not found at ${path} (set ${kind === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'})`);
  return false;
}

export interface Launched {
  browser: Browser;
  close(): Promise<void>;
}

export async function launch(kind: BrowserKind, userDataDir?: string): Promise<Launched> {
  const profile = userDataDir ?? mkdtempSync(join(tmpdir(), `flack-${kind}-`));
  const executablePath = process.env[kind === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'] ?? EXECUTABLES[kind];
  const browser =
    kind === 'chromium'
      ? await puppeteer.launch({
          executablePath,
          headless: true,
          userDataDir: profile,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
        })
      : await puppeteer.launch({
          browser: 'firefox',
          executablePath,
          headless: true,
          userDataDir: profile,
          protocol: 'webDriverBiDi',
        });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      if (!userDataDir) rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface UserPage {
  username: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A new user signed up over HTTP, in a fresh browser context with the session cookie, app loaded. */
export async function userPage(browser: Browser, url: string, username = uniqueName('u')): Promise<UserPage> {
  const result = await postJson<AuthReply>(url, '/api/auth/signup', { username, password: PASSWORD });
  if (result.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(result.body)}`);
  const token = /flack_session=([^;]+)/.exec(result.headers.get('set-cookie') ?? '')?.[1];
  if (!token) throw new Error('no session cookie');
  const context = await browser.createBrowserContext();
  await context.setCookie({ name: 'flack_session', value: token, domain: new URL(url).hostname, path: '/', httpOnly: true });
  const page = await openPage(context, url);
  await waitForApp(page);
  return { username, context, page, errors: [] };
}

/** A socket signed in as a browser user (their session cookie): a second device of theirs, for test setup. */
export async function socketOf(server: { url: string }, user: UserPage): Promise<ClientSocket> {
  const token = (await user.context.cookies()).find((c) => c.name === 'flack_session')!.value;
  return connect(server, token);
}

/** A blank context (no session), app loaded on the sign-in page. */
export async function anonymousPage(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.createBrowserContext();
  const page = await openPage(context, url);
  await page.waitForSelector('.auth-card');
  return { context, page };
}

export async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.setViewport({ width: 1280, height: 800 });
  page.on('pageerror', (e) => console.error('[page error]', e));
  page.on('console', (m) => {
    const text = m.text();
    // Expected noise: the 401 of "am I signed in?" and failed requests while a test holds the network down.
    if (m.type() === 'error' && !/\b401\b|ERR_INTERNET_DISCONNECTED|net::ERR_/.test(text)) console.error('[console]', text);
  });
  await page.goto(url);
  return page;
}

/** The workspace is up and the socket has delivered the first snapshot. */
export async function waitForApp(page: Page): Promise<void> {
  await page.waitForSelector('.sidebar');
  await page.waitForFunction(() => !document.querySelector('.banner'));
}

/** Someone's id, looked up the way a client does (the snapshot names only your DM partners). */
export async function userIdOf(socket: ClientSocket, username: string): Promise<number> {
  const { users } = await call(socket, 'users:search', { query: username });
  const user = users.find((u) => u.username === username);
  if (!user) throw new Error(`nobody called ${username}`);
  return user.id;
}

// ---------- actions, as a user would do them ----------

export async function clickText(page: Page, selector: string, text: string): Promise<void> {
  const handle = await page.waitForFunction(
    (sel, t) => [...document.querySelectorAll<HTMLElement>(sel)].find((e) => e.textContent?.trim() === t),
    {},
    selector,
    text,
  );
  await (handle as unknown as { click(): Promise<void> }).click();
}

/** Replace an input's content by typing, as a user would. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.focus(selector);
  await page.$eval(selector, (e) => (e as HTMLInputElement).select());
  await page.keyboard.press('Backspace');
  await page.keyboard.type(value);
}

export async function openSidebarItem(page: Page, label: string): Promise<void> {
  await clickText(page, '.sidebar .item .item-label', label);
  await page.waitForFunction((l) => document.querySelector('.pane-title .title-text')?.textContent === l, {}, label);
}

/** The people directory (the sidebar's "People"), searched until `username`'s row shows. */
export async function findPerson(page: Page, username: string): Promise<void> {
  if (!(await page.$('dialog[open] #people-search'))) {
    await clickText(page, '.sidebar .item-label', 'People');
    await page.waitForSelector('dialog[open] #people-search');
  }
  await fill(page, '#people-search', username);
  await page.waitForFunction(
    (u) => [...document.querySelectorAll('dialog[open] .person .item-label')].some((e) => e.textContent === u),
    {},
    username,
  );
}

/** Opens the DM with `username` from the people directory. */
export async function messagePerson(page: Page, username: string): Promise<void> {
  await findPerson(page, username);
  await clickText(page, 'dialog[open] .person .item-label', username);
  await page.waitForFunction((u) => document.querySelector('.pane-title .title-text')?.textContent === u, {}, username);
}

export async function createChannel(page: Page, name: string, opts: { topic?: string; private?: boolean } = {}): Promise<void> {
  await page.click('button[aria-label="Create channel"]');
  await page.waitForSelector('dialog[open] #channel-name');
  await page.type('#channel-name', name);
  if (opts.topic) await page.type('#channel-topic', opts.topic);
  if (opts.private) await page.click('dialog input[type="radio"]:not(:checked)');
  await page.click('dialog button[type="submit"]');
}

export async function joinChannel(page: Page, name: string): Promise<void> {
  await clickText(page, '.sidebar .item-label', 'Browse channels');
  await page.waitForSelector(`dialog[open] button[aria-label="Join #${name}"]`);
  await page.click(`dialog[open] button[aria-label="Join #${name}"]`);
  await page.waitForFunction((n) => document.querySelector('.pane-title .title-text')?.textContent === n, {}, name);
}

export async function send(page: Page, text: string): Promise<void> {
  await page.focus('.composer textarea');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Bodies of the rendered messages (user messages and system lines), in order. */
export function bodies(page: Page): Promise<string[]> {
  return page.$$eval('.message-list .msg', (els) =>
    els.map((e) => (e.querySelector('.body') ?? e.querySelector('.system-text'))?.textContent?.trim() ?? ''),
  );
}

export async function waitForBody(page: Page, text: string, status?: 'sent'): Promise<void> {
  await page.waitForFunction(
    (t, s) =>
      [...document.querySelectorAll<HTMLElement>('.message-list .msg')].some(
        (e) => e.querySelector('.body')?.textContent?.trim() === t && (!s || e.dataset.status === s),
      ),
    {},
    text,
    status ?? '',
  );
}

export function sidebarBadge(page: Page, label: string): Promise<string | null> {
  return page.evaluate((l) => {
    const item = [...document.querySelectorAll('.sidebar .item')].find((e) => e.querySelector('.item-label')?.textContent === l);
    return item?.querySelector('.badge')?.textContent ?? null;
  }, label);
}

export const sidebarLabels = (page: Page) =>
  page.$$eval('.sidebar .item .item-label', (els) => els.map((e) => e.textContent ?? ''));

export const currentTitle = (page: Page) => page.$eval('.pane-title .title-text', (e) => e.textContent);

export function screenshotDir(): string {
  const dir = join(process.cwd(), '.artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * For a describe block: a server and one browser with two signed-up users, alice and bob, each in a context of
 * their own. Read its fields inside the tests (they are set by its beforeAll).
 */
export function twoUsersIn(kind: BrowserKind): { server: TestServer; browser: Launched; alice: UserPage; bob: UserPage } {
  const world = {} as { server: TestServer; browser: Launched; alice: UserPage; bob: UserPage };
  beforeAll(async () => {
    [world.server, world.browser] = await Promise.all([startTestServer(), launch(kind)]);
    world.alice = await userPage(world.browser.browser, world.server.url, 'alice');
    world.bob = await userPage(world.browser.browser, world.server.url, 'bob');
  }, 60_000);
  afterAll(async () => {
    await world.browser?.close();
    await world.server?.close();
  });
  return world;
}
