// Threads in Chromium, between two browsers: replies show live in an open panel and as a count under their root;
// the Threads badge comes and goes with unread replies; edits, deletes and reactions of replies show live; a reply
// made while a browser was offline shows after it reconnects, without a reload. Screenshots in .artifacts/screenshots/.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/flack.js';
import { DELETED, MAIN, ROOT, THREAD, chip, deleteVia, reactVia, rowHandle, rowWith, rows, typeEdit, untilRows } from './changes-harness.js';
import { browserAvailable, clickText, launch, screenshotDir, send, userPage, waitForBody, type Launched, type UserPage } from './harness.js';
import { THREAD_COMPOSER, openThreadOf, reply, threadsBadge, untilSummary, untilThreadsBadge } from './threads-harness.js';

type Page = UserPage['page'];
const inThread = (page: Page, check: Parameters<typeof untilRows>[1]) => untilRows(page, check, 10_000, THREAD);
const bodiesIn = async (page: Page, scope: string) => (await rows(page, scope)).map((r) => r.body);
/** No transition or animation is running (the typing dots, which never stop, aside). */
const settled = (page: Page) => page.waitForFunction(() => document.getAnimations().every((a) => a.effect?.getComputedTiming().iterations === Infinity));
const focused = (page: Page, selector: string) => page.evaluate((s) => document.activeElement?.matches(s) === true, selector);

describe.skipIf(!browserAvailable('chromium'))('threads, in Chromium', () => {
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

  it('a reply shows live as a count under its root, and in the thread panel of the other browser', async () => {
    await send(bob.page, 'who reviews the release notes?');
    await waitForBody(alice.page, 'who reviews the release notes?');

    await openThreadOf(alice.page, 'who reviews the release notes?');
    expect(await alice.page.$eval('.thread-panel', (e) => e.getAttribute('aria-label'))).toBe('Thread in #general');
    expect(await bodiesIn(alice.page, ROOT)).toEqual(['who reviews the release notes?']);
    await reply(alice.page, 'I can, after lunch');
    await inThread(alice.page, (rs) => rowWith('I can, after lunch')(rs) !== undefined);
    await untilSummary(bob.page, 'who reviews the release notes?', '1 reply');
    await untilSummary(alice.page, 'who reviews the release notes?', '1 reply');
    // A reply is not a message of the conversation: it is not in its list.
    expect(await bodiesIn(bob.page, MAIN)).not.toContain('I can, after lunch');

    // Bob opens the thread from the summary; what alice writes next arrives in his open panel.
    await (await (await rowHandle(bob.page, 'who reviews the release notes?', MAIN)).$('.thread-summary'))!.click();
    await inThread(bob.page, (rs) => rowWith('I can, after lunch')(rs) !== undefined);
    await reply(alice.page, 'or tomorrow morning');
    await inThread(bob.page, (rs) => rs.map((r) => r.body).join('|') === 'I can, after lunch|or tomorrow morning');
    await untilSummary(bob.page, 'who reviews the release notes?', '2 replies');
    expect(await bob.page.$eval(`${ROOT} .thread-count`, (e) => e.textContent)).toBe('2 replies');
    // Nothing is unread in the conversation, and the reply was read out to bob, who was looking at it.
    expect(await bob.page.title()).toBe('#general · Flack');
    expect(await bob.page.$eval('[aria-live="polite"][aria-atomic="true"]', (e) => e.textContent)).toContain('alice: or tomorrow morning');
  });

  it('Esc closes the panel and gives focus back to where it was opened from', async () => {
    await bob.page.keyboard.press('Escape');
    await bob.page.waitForFunction(() => !document.querySelector('.thread-panel'));
    expect(await focused(bob.page, '.thread-summary')).toBe(true);
  });

  it('the Threads badge counts threads with unread replies, and clears when the thread is opened', async () => {
    await untilThreadsBadge(bob.page, null);
    await reply(alice.page, 'ping: are you in?');
    await untilThreadsBadge(bob.page, '1');
    expect(await bob.page.$eval('.sidebar .item .badge', (e) => e.getAttribute('aria-label'))).toBe('1 thread with unread replies');
    await untilSummary(bob.page, 'who reviews the release notes?', '3 replies');
    expect(await bob.page.$eval('.pane .thread-summary .thread-new', (e) => e.textContent)).toBe('1 new');

    // The Threads view lists it, newest activity first, with its conversation and what is unread.
    await clickText(bob.page, '.sidebar .item .item-label', 'Threads');
    await bob.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'Threads');
    const item = await bob.page.waitForSelector('.thread-item');
    const shown = await item!.evaluate((e) => ['.thread-where', '.body', '.reply-count', '.thread-new'].map((s) => e.querySelector(s)?.textContent));
    expect(shown).toEqual(['#general', 'who reviews the release notes?', '3 replies', '1 new']);
    expect(await bob.page.title()).toBe('Threads · Flack');

    await item!.click();
    await inThread(bob.page, (rs) => rowWith('ping: are you in?')(rs) !== undefined);
    await untilThreadsBadge(bob.page, null);
    await bob.page.waitForFunction(() => !document.querySelector('.thread-item .thread-new'));

    // Read on one device, read on all: a new tab of bob's has no badge either.
    const again = await bob.context.newPage();
    await again.goto(server.url);
    await again.waitForSelector('.sidebar .item');
    await untilThreadsBadge(again, null);
    await again.close();
    await bob.page.bringToFront();
    await bob.page.keyboard.press('Escape');
    await clickText(bob.page, '.sidebar .item .item-label', 'general');
  });

  it('a reply you write reads the thread for you; alice, looking at it, has read it too', async () => {
    await openThreadOf(bob.page, 'who reviews the release notes?');
    await reply(bob.page, 'thanks both');
    await inThread(alice.page, (rs) => rowWith('thanks both')(rs) !== undefined);
    await untilSummary(alice.page, 'who reviews the release notes?', '4 replies');
    expect(await threadsBadge(bob.page)).toBeNull();
    await untilThreadsBadge(alice.page, null);
  });

  it('edits, reactions and deletes of replies show live in the other panel; ↑ in the empty thread composer edits your last reply', async () => {
    await alice.page.bringToFront();
    await alice.page.focus(THREAD_COMPOSER);
    await alice.page.keyboard.press('ArrowUp');
    await alice.page.waitForFunction(() => document.activeElement?.matches('.thread-panel .msg-editor textarea'));
    // One editor, in the panel.
    expect(await alice.page.$$eval('.msg-editor', (els) => els.length)).toBe(1);
    await typeEdit(alice.page, 'ping: are you in? (5 min)');
    expect(await focused(alice.page, THREAD_COMPOSER)).toBe(true);
    await inThread(bob.page, (rs) => rowWith('ping: are you in? (5 min)')(rs)?.edited === true);

    await reactVia(bob.page, 'I can, after lunch', 'thumbs up', THREAD);
    await inThread(alice.page, (rs) => rowWith('I can, after lunch')(rs)?.reactions === '👍1');
    await (await chip(alice.page, 'I can, after lunch', '👍', THREAD)).click();
    await inThread(bob.page, (rs) => rowWith('I can, after lunch')(rs)?.reactions === '👍2*');

    await deleteVia(alice.page, 'or tomorrow morning', THREAD);
    const seen = await inThread(bob.page, (rs) => !rowWith('or tomorrow morning')(rs));
    expect(seen.map((r) => r.body)).toEqual(['I can, after lunch', DELETED, 'ping: are you in? (5 min)', 'thanks both']);
    // A reaction to the root, from inside the panel, shows in the conversation too.
    await reactVia(alice.page, 'who reviews the release notes?', 'rocket', ROOT);
    await untilRows(bob.page, (rs) => rowWith('who reviews the release notes?')(rs)?.reactions === '🚀1', 10_000, MAIN);
  });

  it('a reply made while a browser was offline shows after it reconnects, without a reload', async () => {
    await bob.page.evaluate(() => ((window as { __stillHere?: boolean }).__stillHere = true));
    await bob.page.setOfflineMode(true);
    await bob.page.waitForFunction(() => document.querySelector('.banner')?.textContent === 'You are offline.');
    await reply(alice.page, 'written while bob was away');
    await inThread(alice.page, (rs) => rowWith('written while bob was away')(rs) !== undefined);
    await reactVia(alice.page, 'thanks both', 'tada', THREAD);

    await bob.page.setOfflineMode(false);
    await inThread(bob.page, (rs) => rowWith('written while bob was away')(rs) !== undefined && rowWith('thanks both')(rs)?.reactions === '🎉1');
    await untilSummary(bob.page, 'who reviews the release notes?', '5 replies');
    expect(await bob.page.evaluate(() => (window as { __stillHere?: boolean }).__stillHere)).toBe(true);
    // Bob had the panel open and in view: read once it arrived.
    await untilThreadsBadge(bob.page, null);
  });

  it('looks right: light, dark and phone, with the summary, the panel and the Threads view', async () => {
    const dir = screenshotDir();
    const page = bob.page;
    await page.bringToFront();
    await (await rowHandle(page, 'ping: are you in? (5 min)', THREAD)).hover();
    await page.screenshot({ path: join(dir, 'threads-light.png') });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await settled(page); // the colours fade over: shoot once they are there
    await page.screenshot({ path: join(dir, 'threads-dark.png') });

    await clickText(page, '.sidebar .item .item-label', 'Threads');
    await (await page.waitForSelector('.thread-item'))!.click();
    await inThread(page, (rs) => rs.length === 5);
    await settled(page);
    await page.screenshot({ path: join(dir, 'threads-view-dark.png') });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.keyboard.press('Escape');
    await clickText(page, '.sidebar .item .item-label', 'general');

    // A phone viewport reloads the page, which remembers the conversation but not the panel: open it again.
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await page.waitForSelector('.sidebar');
    await untilSummary(page, 'who reviews the release notes?', '5 replies');
    await page.screenshot({ path: join(dir, 'threads-phone-summary-light.png') });
    await (await (await rowHandle(page, 'who reviews the release notes?', MAIN)).$('.thread-summary'))!.tap();
    await inThread(page, (rs) => rs.length === 5);
    await settled(page);
    // On a touch screen the heading takes focus, not the composer (that would pop the keyboard up).
    expect(await focused(page, '.thread-head h2')).toBe(true);
    await page.screenshot({ path: join(dir, 'threads-phone-panel-light.png') });

    // The panel covers the conversation: what arrives there meanwhile stays unread until the panel closes.
    await send(alice.page, 'meanwhile, in #general');
    await page.waitForFunction(() => document.title === '(1) #general · Flack');
    await page.bringToFront();
    await page.tap('.thread-panel button[aria-label="Close thread"]');
    await page.waitForFunction(() => !document.querySelector('.thread-panel'));
    await page.waitForFunction(() => document.title === '#general · Flack');
    await page.setViewport({ width: 1280, height: 800 });
  });
});
