// A workspace of 5,000 people, in Chromium: the boot carries none of them, yet the directory finds anyone (a page of
// 50 at a time), the DM picker starts a conversation with someone never met, #general's members page in, presence
// of the people on screen stays live, and the names of people who reacted show. The people are written straight
// into the server's storage (5,000 sign-ups would spend minutes in scrypt); only the viewer signs up over HTTP.
// Screenshots in .artifacts/screenshots/ (large-*.png).
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newSessionToken } from '../../src/core/tokens.js';
import { connect, PASSWORD, postJson, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import type { AuthReply } from '../../src/shared/protocol.js';
import { browserAvailable, clickText, fill, launch, openPage, screenshotDir, waitForApp, waitForBody, type Launched } from './harness.js';

const PEOPLE = 5000;
const FIRST_NAMES = ['ada', 'bea', 'cai', 'dov', 'eli', 'fay', 'gus', 'hal', 'ivy', 'jon', 'kai', 'lev', 'mia', 'ned', 'ora', 'pip', 'quinn', 'rae', 'sol', 'zed'];
/** ada0000, bea0001, … zed4999: 250 people per first name. */
const nameOf = (i: number) => `${FIRST_NAMES[i % FIRST_NAMES.length]}${String(i).padStart(4, '0')}`;
// Nobody signs in with it: the seeded people only need to exist (and one to hold a session, below).
const SEEDED_HASH = 'seeded';

async function seedPeople(server: TestServer): Promise<{ ids: number[]; generalId: number }> {
  const { storage } = server;
  const general = (await storage.listPublicChannels(0, { prefix: 'general', limit: 1 })).items[0]!;
  const ids: number[] = [];
  const at = Date.now();
  for (let i = 0; i < PEOPLE; i++) {
    const user = await storage.createUser({ username: nameOf(i), passwordHash: SEEDED_HASH, createdAt: at });
    await storage.joinConversation(general.id, user.id, at, 'joined the channel');
    ids.push(user.id);
  }
  // One message, reacted to by three people the viewer will never have met.
  const { message } = await storage.appendMessage({
    conversationId: general.id,
    authorId: ids[0]!,
    kind: 'user',
    body: 'Welcome, all 5,000 of you',
    clientId: 'welcome',
    createdAt: Date.now(),
  });
  for (const i of [1, 2, 3]) await storage.addReaction({ messageId: message.id, userId: ids[i]!, emoji: '🎉', at: Date.now() }, 50);
  return { ids, generalId: general.id };
}

/** A socket signed in as one of the seeded people, through a session written the same way. */
async function signedInAs(server: TestServer, userId: number): Promise<ClientSocket> {
  const token = newSessionToken();
  await server.storage.createSession({ tokenHash: hashToken(token), userId, passwordHash: SEEDED_HASH, createdAt: Date.now() });
  return connect(server, token);
}

const rows = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent?.trim() ?? ''));
const waitForRows = (page: Page, selector: string, n: number) =>
  page.waitForFunction((s, count) => document.querySelectorAll(s).length === count, {}, selector, n);

describe.skipIf(!browserAvailable('chromium'))('a workspace of 5,000 people, in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let page: Page;
  let seeded: { ids: number[]; generalId: number };
  let online: ClientSocket;
  /** The sizes of every WebSocket frame the page received. */
  const frames: number[] = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    const started = Date.now();
    seeded = await seedPeople(server);
    console.log(`[large workspace] seeded ${PEOPLE} people into #general in ${Date.now() - started} ms`);
    online = await signedInAs(server, seeded.ids[1]!); // bea0001 is online

    const signUp = await postJson<AuthReply>(server.url, '/api/auth/signup', { username: 'viewer', password: PASSWORD });
    const token = /flack_session=([^;]+)/.exec(signUp.headers.get('set-cookie') ?? '')?.[1];
    const context = await chromium.browser.createBrowserContext();
    await context.setCookie({ name: 'flack_session', value: token!, domain: '127.0.0.1', path: '/', httpOnly: true });
    page = await openPage(context, 'about:blank');
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    cdp.on('Network.webSocketFrameReceived', (e) => frames.push(e.response.payloadData.length));
    await page.goto(server.url);
    await waitForApp(page);
  }, 120_000);
  afterAll(async () => {
    online?.close();
    await chromium?.close();
    await server?.close();
  });

  it('boots without the workspace: no frame near the size of 5,000 people, and no people list in the sidebar', async () => {
    await page.waitForSelector('.pane-title');
    expect(await page.$eval('.pane-title .title-text', (e) => e.textContent)).toBe('general');
    expect(frames.length).toBeGreaterThan(0);
    // 5,000 users are ~400 kB of JSON; the snapshot of someone in one channel is about 1 kB, the history page a few tens.
    expect(Math.max(...frames)).toBeLessThan(60_000);
    expect(await page.$('section[aria-labelledby="section-people"]')).toBeNull();
    expect(await rows(page, '.sidebar .item-label')).toContain('People');
    await page.screenshot({ path: join(screenshotDir(), 'large-workspace.png') });
    await page.screenshot({ path: '/tmp/large-workspace.png' });
  });

  it('shows the names of people who reacted, though nobody had met them', async () => {
    await waitForBody(page, 'Welcome, all 5,000 of you');
    await page.waitForFunction(() =>
      document.querySelector('.reaction[aria-label^="🎉"]')?.getAttribute('aria-label')?.includes('bea0001, cai0002 and dov0003'),
    );
  });

  it('the directory finds one person among 5,000, pages 50 at a time, and keeps presence live', async () => {
    await clickText(page, '.sidebar .item-label', 'People');
    await page.waitForSelector('dialog[open] #people-search');
    await waitForRows(page, 'dialog[open] .person', 50);
    expect((await rows(page, 'dialog[open] .person .item-label')).slice(0, 3)).toEqual(['ada0000', 'ada0020', 'ada0040']);

    await fill(page, '#people-search', 'quinn1236');
    await page.waitForFunction(() => {
      const labels = [...document.querySelectorAll('dialog[open] .person .item-label')].map((e) => e.textContent);
      return labels.length === 1 && labels[0] === 'quinn1236';
    });
    expect(await page.$('dialog[open] .load-more')).toBeNull();

    await fill(page, '#people-search', 'bea');
    await page.waitForFunction(() => document.querySelector('dialog[open] .person .item-label')?.textContent === 'bea0001');
    await waitForRows(page, 'dialog[open] .person', 50);
    await page.waitForFunction(() => document.querySelector('dialog[open] .person[aria-label="Message bea0001 (online)"] .dot.on'));
    await page.mouse.move(5, 5);
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.screenshot({ path: join(screenshotDir(), 'large-directory.png') });
    await page.screenshot({ path: '/tmp/large-directory.png' });
    await clickText(page, 'dialog[open] .load-more button', 'Load more');
    await waitForRows(page, 'dialog[open] .person', 100);
    const names = await rows(page, 'dialog[open] .person .item-label');
    expect(new Set(names).size).toBe(100);
    expect(names.every((n) => n.startsWith('bea'))).toBe(true);
    expect([...names].sort()).toEqual(names);

    // bea0001 is online (above); when her socket goes, the dot follows, because the dialog watches whom it shows.
    online.close();
    await page.waitForFunction(() => document.querySelector('dialog[open] .person[aria-label="Message bea0001 (offline)"] .dot.off'));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  });

  it('the DM picker finds someone never met and opens the DM with them', async () => {
    await page.click('button[aria-label="New direct message"]');
    await page.waitForSelector('dialog[open] #dm-filter');
    await page.type('#dm-filter', 'zed49');
    await page.waitForFunction(() => [...document.querySelectorAll('dialog[open] .pick span')].some((e) => e.textContent === 'zed4999'));
    await clickText(page, 'dialog[open] .pick span', 'zed4999');
    // The pick stays while the search moves on.
    await fill(page, '#dm-filter', 'ada');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('dialog[open] .pick.checked span')].some((e) => e.textContent === 'zed4999') &&
      [...document.querySelectorAll('dialog[open] .pick span')].some((e) => e.textContent?.startsWith('ada')),
    );
    await page.click('dialog[open] button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'zed4999');
    expect(await rows(page, '.sidebar .item .item-label')).toContain('zed4999');
  });

  it('after a reconnect the directory still gets the presence of the people it shows', async () => {
    online.close(); // (already, unless this test runs alone)
    await clickText(page, '.sidebar .item-label', 'People');
    await page.waitForSelector('dialog[open] #people-search');
    await fill(page, '#people-search', 'bea0001');
    await page.waitForSelector('dialog[open] .person[aria-label="Message bea0001 (offline)"]');
    await new Promise((r) => setTimeout(r, 600)); // the app has told the server to watch her
    await page.setOfflineMode(true);
    await page.waitForFunction(() => document.querySelector('.banner')?.textContent?.includes('You are offline.'));
    await page.setOfflineMode(false);
    await waitForApp(page);
    // The new connection's `state` watches only the DM partner (zed4999); the app sends its own set after it.
    online = await signedInAs(server, seeded.ids[1]!);
    await page.waitForSelector('dialog[open] .person[aria-label="Message bea0001 (online)"] .dot.on');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  });

  it("#general's members page in, 100 at a time", async () => {
    await clickText(page, '.sidebar .item .item-label', 'general');
    await page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'general');
    await page.click('.members-button');
    await page.waitForSelector('dialog[open] .member-list');
    // The members' heading (an admin also sees the channel's settings above it).
    const count = await page.$$eval('dialog[open] .dialog-subhead', (heads) =>
      heads.find((h) => h.textContent?.startsWith('Members'))?.querySelector('.muted')?.textContent,
    );
    expect(count).toBe(String(PEOPLE + 1));
    await waitForRows(page, 'dialog[open] .member', 100);
    await clickText(page, 'dialog[open] .load-more button', 'Load more');
    await waitForRows(page, 'dialog[open] .member', 200);
    const names = await rows(page, 'dialog[open] .member-name');
    expect(new Set(names).size).toBe(200);
    expect(names[0]).toBe('ada0000');
    await page.keyboard.press('Escape');
  });
});
