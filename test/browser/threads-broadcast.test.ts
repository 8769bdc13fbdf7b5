// A thread reply also sent to the channel, in Chromium, between two browsers: the box under the thread composer
// (by keyboard, unticked again after the send), the copy in #general live for the other user with "View thread",
// an edit and a delete of the copy changing both halves live, and no box for a member of an announcement channel.
// Screenshots in .artifacts/screenshots/, each checked by axe-core.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { DELETED, MAIN, THREAD, deleteVia, messageAction, reactVia, rowHandle, rowWith, typeEdit, untilRows } from './changes-harness.js';
import { call } from '../helpers/flack.js';
import { browserAvailable, joinChannel, openSidebarItem, screenshotDir, send, socketOf, twoUsersIn, waitForBody } from './harness.js';
import { ALSO_TO_CHANNEL, fromThreadOf, openThreadOf, replyAlsoToChannel } from './threads-harness.js';

type Page = ReturnType<typeof twoUsersIn>['alice']['page'];
const settled = (page: Page) => page.waitForFunction(() => document.getAnimations().every((a) => a.effect?.getComputedTiming().iterations === Infinity));
const inMain = (page: Page, check: Parameters<typeof untilRows>[1]) => untilRows(page, check, 10_000, MAIN);
const inThread = (page: Page, check: Parameters<typeof untilRows>[1]) => untilRows(page, check, 10_000, THREAD);

/** What this feature adds to a screen, and the thread badge beside it, as far as they are on this one. */
const OURS = ['.also-to-channel', '.from-thread', '.also-sent', '.thread-new'];
const ours = (page: Page) => page.evaluate((sels) => sels.filter((s) => document.querySelector(s)), OURS);

/** A screenshot in light and in dark; what this feature adds has no serious axe violation (contrast, labels) in either. */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = screenshotDir();
  const within = await ours(page);
  expect(within.length).toBeGreaterThan(0);
  await page.screenshot({ path: join(dir, `${name}-light.png`) });
  expect(await seriousViolations(page, within)).toEqual([]);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await settled(page); // the colours fade over: shoot once they are there
  await page.screenshot({ path: join(dir, `${name}-dark.png`) });
  expect(await seriousViolations(page, within)).toEqual([]);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await settled(page);
}

describe.skipIf(!browserAvailable('chromium'))('a thread reply also sent to the channel, in Chromium', () => {
  const world = twoUsersIn('chromium');
  const ROOT_TEXT = 'shall we ship on Friday?';
  const REPLY = 'yes, and everyone should know';

  it('the box is offered under the thread composer, ticked by keyboard, and unticked again by the send', async () => {
    const { alice, bob } = world;
    await send(bob.page, ROOT_TEXT);
    await waitForBody(alice.page, ROOT_TEXT);
    await openThreadOf(alice.page, ROOT_TEXT);
    const label = await alice.page.waitForSelector('.thread-panel .also-to-channel label');
    expect(await label!.evaluate((e) => e.textContent)).toBe('Also send to #general');
    expect(await alice.page.$eval(ALSO_TO_CHANNEL, (e) => (e as HTMLInputElement).checked)).toBe(false);
    // The main composer has none.
    expect(await alice.page.$('.composer[data-surface="main"] .also-to-channel')).toBeNull();

    await alice.page.focus('.composer[data-surface="thread"] textarea');
    await alice.page.keyboard.type(REPLY);
    await alice.page.click(ALSO_TO_CHANNEL);
    await shoot(alice.page, 'threads-also-send');
    await alice.page.click(ALSO_TO_CHANNEL); // untick: the helper ticks it from the keyboard
    await alice.page.$eval('.composer[data-surface="thread"] textarea', (e) => ((e as HTMLTextAreaElement).select(), undefined));
    await alice.page.focus('.composer[data-surface="thread"] textarea');
    await alice.page.keyboard.press('Backspace');

    await replyAlsoToChannel(alice.page, REPLY);
    await inThread(alice.page, (rs) => rowWith(REPLY)(rs) !== undefined);
    await alice.page.waitForFunction((s) => document.querySelector<HTMLInputElement>(s)?.checked === false, {}, ALSO_TO_CHANNEL);
    const note = await (await rowHandle(alice.page, REPLY, THREAD)).waitForSelector('.also-sent');
    expect(await note!.evaluate((e) => e.textContent)).toBe('Also sent to #general');
    await shoot(alice.page, 'threads-also-sent');
  });

  it('the other user sees the copy in #general live, and "View thread" opens the thread with the reply', async () => {
    const { bob } = world;
    await inMain(bob.page, (rs) => rowWith(REPLY)(rs) !== undefined);
    expect(await fromThreadOf(bob.page, REPLY)).toBe(`replied to a thread: ${ROOT_TEXT}View thread`);
    const copy = await rowHandle(bob.page, REPLY, MAIN);
    // The copy has no thread of its own.
    expect(await copy.$('.thread-summary')).toBeNull();
    await bob.page.bringToFront();
    await shoot(bob.page, 'threads-copy-in-channel');

    await (await copy.waitForSelector('.from-thread button'))!.click();
    await bob.page.waitForSelector('.thread-panel');
    await untilRows(bob.page, (rs) => rs[0]?.body === ROOT_TEXT, 10_000, '.thread-panel .thread-root');
    await inThread(bob.page, (rs) => rs.map((r) => r.body).join('|') === REPLY);
    await bob.page.keyboard.press('Escape');
    await bob.page.waitForFunction(() => !document.querySelector('.thread-panel'));

    // "Reply in thread" on the copy opens the thread it came from, not one of its own.
    await messageAction(bob.page, REPLY, 'Reply in thread', MAIN);
    await untilRows(bob.page, (rs) => rs[0]?.body === ROOT_TEXT, 10_000, '.thread-panel .thread-root');
    await inThread(bob.page, (rs) => rs.map((r) => r.body).join('|') === REPLY);
  });

  it('an edit of the copy in the channel changes the copy and the reply live; a delete turns both into tombstones', async () => {
    const { alice, bob } = world;
    const EDITED = 'yes, and everyone should know: Friday 10:00';
    await messageAction(alice.page, REPLY, 'Edit message', MAIN);
    await typeEdit(alice.page, EDITED);
    await inMain(bob.page, (rs) => rowWith(EDITED)(rs)?.edited === true);
    await inThread(bob.page, (rs) => rowWith(EDITED)(rs)?.edited === true);
    await inThread(alice.page, (rs) => rowWith(EDITED)(rs)?.edited === true);

    await deleteVia(alice.page, EDITED, MAIN);
    await inThread(bob.page, (rs) => rs.length === 1 && rs[0]!.body === DELETED);
    const main = await inMain(bob.page, (rs) => !rowWith(EDITED)(rs));
    expect(main.map((r) => r.body)).toEqual([ROOT_TEXT, DELETED]);
    // A tombstone keeps neither line.
    expect(await bob.page.$$('.from-thread, .also-sent')).toEqual([]);
  });

  it('replies sent to the channel, edited and reacted to while the other browser was offline, show in both places once it is back, without a reload', async () => {
    const { alice, bob } = world;
    const AWAY = 'decided while bob was away';
    const AWAY_EDITED = 'decided while bob was away: Thursday';
    const SECOND = 'and lunch is on me';
    await bob.page.setOfflineMode(true);
    await bob.page.waitForFunction(() => document.querySelector('.banner')?.textContent === 'You are offline.');

    await replyAlsoToChannel(alice.page, AWAY);
    await inMain(alice.page, (rs) => rowWith(AWAY)(rs) !== undefined);
    await messageAction(alice.page, AWAY, 'Edit message', MAIN);
    await typeEdit(alice.page, AWAY_EDITED);
    await replyAlsoToChannel(alice.page, SECOND);
    await inThread(alice.page, (rs) => rowWith(AWAY_EDITED)(rs)?.edited === true && rowWith(SECOND)(rs) !== undefined);
    await reactVia(alice.page, SECOND, 'rocket', MAIN); // the copy's own reaction
    await inMain(alice.page, (rs) => rowWith(SECOND)(rs)?.reactions === '🚀1*');

    await bob.page.setOfflineMode(false);
    const main = await inMain(bob.page, (rs) => rowWith(AWAY_EDITED)(rs)?.edited === true && rowWith(SECOND)(rs)?.reactions === '🚀1');
    expect(main.map((r) => r.body)).toEqual([ROOT_TEXT, DELETED, AWAY_EDITED, SECOND]);
    expect(await fromThreadOf(bob.page, SECOND)).toBe(`replied to a thread: ${ROOT_TEXT}View thread`);
    // Bob's thread panel, open all along, caught up too.
    const thread = await inThread(bob.page, (rs) => rs.length === 3 && rowWith(AWAY_EDITED)(rs)?.edited === true);
    expect(thread.map((r) => [r.body, r.reactions])).toEqual([[DELETED, ''], [AWAY_EDITED, ''], [SECOND, '']]);
  });

  it('in an announcement channel only an admin is offered the box: a member may reply in its threads, not post in it', async () => {
    const { alice, bob, server } = world;
    const admin = await socketOf(server, alice); // alice signed up first: the workspace's owner
    const { conversation } = await call(admin, 'channel:create', { name: 'news', visibility: 'public' });
    await call(admin, 'channel:update', { conversationId: conversation.id, announcement: true });
    await call(admin, 'message:send', { conversationId: conversation.id, clientId: 'news-root', body: 'the office is closed on Monday' });
    admin.close();

    await bob.page.bringToFront();
    await joinChannel(bob.page, 'news');
    await waitForBody(bob.page, 'the office is closed on Monday');
    await openThreadOf(bob.page, 'the office is closed on Monday');
    expect(await bob.page.$('.thread-panel .also-to-channel')).toBeNull();

    await alice.page.bringToFront();
    await openSidebarItem(alice.page, 'news');
    await openThreadOf(alice.page, 'the office is closed on Monday');
    const label = await alice.page.waitForSelector('.thread-panel .also-to-channel label');
    expect(await label!.evaluate((e) => e.textContent)).toBe('Also send to #news');
  });
});
