// Messages that change, in Chromium, between two browsers: edits, deletes and reactions show live on the other
// side; a live batch lost on the way is fetched without a reconnect; after being offline a browser shows exactly
// what a fresh load shows. Screenshots of it all, light and dark, land in .artifacts/screenshots/.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/flack.js';
import {
  DELETED,
  chip,
  deleteVia,
  messageAction,
  reactVia,
  rowHandle,
  rowWith,
  rows,
  typeEdit,
  untilRows,
} from './changes-harness.js';
import {
  browserAvailable,
  createChannel,
  joinChannel,
  launch,
  openPage,
  openSidebarItem,
  screenshotDir,
  send,
  sidebarBadge,
  userPage,
  waitForApp,
  waitForBody,
  type Launched,
  type UserPage,
} from './harness.js';

const liveRegion = (u: UserPage) => u.page.$eval('[aria-live="polite"][aria-atomic="true"]', (e) => e.textContent ?? '');

describe.skipIf(!browserAvailable('chromium'))('messages that change, in Chromium', () => {
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

  it('an edit shows live on the other browser, marked (edited), without making anything unread or being read out', async () => {
    await send(alice.page, 'helo wrld');
    await waitForBody(bob.page, 'helo wrld');
    const spoken = await liveRegion(bob);

    await messageAction(alice.page, 'helo wrld', 'Edit message');
    await typeEdit(alice.page, 'hello world');
    await untilRows(bob.page, (rs) => rowWith('hello world')(rs)?.edited === true);
    expect((await rows(bob.page)).filter((r) => r.body.startsWith('hel'))).toEqual([{ body: 'hello world', edited: true, reactions: '' }]);
    expect(await liveRegion(bob)).toBe(spoken);
    expect(await bob.page.title()).toBe('#general · Flack');

    // The author sees the earlier text behind "(edited)"; the others only see the mark.
    const mark = await (await rowHandle(alice.page, 'hello world')).waitForSelector('button.edited');
    await mark!.click();
    await alice.page.waitForSelector('dialog[open] .version');
    expect(await alice.page.$$eval('dialog[open] .version .body', (els) => els.map((e) => e.textContent))).toEqual(['helo wrld', 'hello world']);
    await alice.page.keyboard.press('Escape');
    await alice.page.waitForFunction(() => !document.querySelector('dialog[open]'));
    expect(await (await rowHandle(bob.page, 'hello world')).$('button.edited')).toBeNull();
  });

  it('↑ in an empty composer edits your last message: Shift+Enter adds a line, Esc cancels, Enter saves', async () => {
    await send(alice.page, 'first draft');
    await waitForBody(alice.page, 'first draft', 'sent');
    await alice.page.focus('.composer textarea');
    await alice.page.keyboard.press('ArrowUp');
    await alice.page.waitForFunction(() => document.activeElement?.matches('.msg-editor textarea'));
    expect(await alice.page.$eval('.msg-editor textarea', (e) => (e as HTMLTextAreaElement).value)).toBe('first draft');
    await alice.page.keyboard.type(' (no)');
    await alice.page.keyboard.press('Escape');
    await alice.page.waitForFunction(() => !document.querySelector('.msg-editor') && document.activeElement?.matches('.composer textarea'));
    expect(rowWith('first draft')(await rows(alice.page))?.edited).toBe(false);

    await alice.page.keyboard.press('ArrowUp');
    await alice.page.waitForFunction(() => document.activeElement?.matches('.msg-editor textarea'));
    await alice.page.keyboard.type(',');
    await alice.page.keyboard.down('Shift');
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.up('Shift');
    await alice.page.keyboard.type('second line');
    await alice.page.keyboard.press('Enter');
    await untilRows(bob.page, (rs) => rowWith('first draft,\nsecond line')(rs)?.edited === true);
    // Focus went back to the composer, where typing goes on as before.
    expect(await alice.page.evaluate(() => document.activeElement?.matches('.composer textarea'))).toBe(true);
  });

  it('a delete asks first, then leaves “This message was deleted.” for everyone', async () => {
    await send(alice.page, 'oops, wrong channel');
    await waitForBody(bob.page, 'oops, wrong channel');
    await messageAction(alice.page, 'oops, wrong channel', 'Delete message');
    await alice.page.waitForSelector('dialog[open] .message-preview');
    expect(await alice.page.$eval('dialog[open] .message-preview .body', (e) => e.textContent)).toBe('oops, wrong channel');
    await alice.page.keyboard.press('Escape'); // changed my mind
    await alice.page.waitForFunction(() => !document.querySelector('dialog[open]'));
    expect(rowWith('oops, wrong channel')(await rows(alice.page))).toBeTruthy();

    await deleteVia(alice.page, 'oops, wrong channel');
    for (const page of [alice.page, bob.page]) {
      const all = await untilRows(page, (rs) => !rowWith('oops, wrong channel')(rs));
      expect(all.at(-1)).toEqual({ body: DELETED, edited: false, reactions: '' });
    }
    // A tombstone has no actions left.
    const tomb = await rowHandle(alice.page, DELETED);
    await tomb.hover();
    expect(await tomb.$('.msg-actions')).toBeNull();
  });

  it('reactions show live with counts, pressed for your own, names in the title; a click takes yours back', async () => {
    await send(bob.page, 'lunch at noon?');
    await waitForBody(alice.page, 'lunch at noon?');

    await reactVia(alice.page, 'lunch at noon?', 'thumbs up');
    await untilRows(bob.page, (rs) => rowWith('lunch at noon?')(rs)?.reactions === '👍1');
    expect(rowWith('lunch at noon?')(await rows(alice.page))?.reactions).toBe('👍1*');

    await (await chip(bob.page, 'lunch at noon?', '👍')).click(); // bob joins in
    await untilRows(alice.page, (rs) => rowWith('lunch at noon?')(rs)?.reactions === '👍2*');
    await untilRows(bob.page, (rs) => rowWith('lunch at noon?')(rs)?.reactions === '👍2*');
    expect(await (await chip(bob.page, 'lunch at noon?', '👍')).evaluate((b) => b.getAttribute('title'))).toBe('alice and you reacted with 👍');

    await reactVia(bob.page, 'lunch at noon?', 'tada');
    await untilRows(alice.page, (rs) => rowWith('lunch at noon?')(rs)?.reactions === '👍2* 🎉1');
    await untilRows(bob.page, (rs) => rowWith('lunch at noon?')(rs)?.reactions === '👍2* 🎉1*');

    await (await chip(alice.page, 'lunch at noon?', '👍')).click(); // alice takes hers back
    await untilRows(bob.page, (rs) => rowWith('lunch at noon?')(rs)?.reactions === '👍1* 🎉1*');
    await untilRows(alice.page, (rs) => rowWith('lunch at noon?')(rs)?.reactions === '👍1 🎉1');
    expect(await (await chip(alice.page, 'lunch at noon?', '👍')).evaluate((b) => b.getAttribute('aria-pressed'))).toBe('false');

    // The picker remembers what you used.
    await messageAction(alice.page, 'lunch at noon?', 'Add reaction');
    await alice.page.waitForSelector('dialog[open] .emoji-section[aria-label="Recently used"] button.emoji');
    expect(await alice.page.$$eval('dialog[open] .emoji-section[aria-label="Recently used"] button.emoji', (els) => els.map((e) => e.textContent))).toEqual(['👍']);
    await alice.page.keyboard.press('Escape');
    await alice.page.waitForFunction(() => !document.querySelector('dialog[open]'));
  });

  it('a reaction or an edit in another conversation never makes it unread', async () => {
    await createChannel(bob.page, 'lunch');
    await bob.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'lunch');
    await joinChannel(alice.page, 'lunch');
    await openSidebarItem(alice.page, 'general');
    await reactVia(alice.page, 'lunch at noon?', 'heart eyes');
    await messageAction(alice.page, 'hello world', 'Edit message');
    await typeEdit(alice.page, 'hello, world');
    // One server delivers in order: once this arrives, so have the reaction and the edit.
    await openSidebarItem(alice.page, 'lunch');
    await send(alice.page, 'changes are in');
    await waitForBody(bob.page, 'changes are in');
    expect(await sidebarBadge(bob.page, 'general')).toBeNull();
    expect(await bob.page.title()).toBe('#lunch · Flack');
    await openSidebarItem(bob.page, 'general');
    await untilRows(bob.page, (rs) => rowWith('hello, world')(rs)?.edited === true && rowWith('lunch at noon?')(rs)?.reactions.includes('😍1') === true);
    expect(await bob.page.$$('.unread-divider')).toHaveLength(0);
    await openSidebarItem(alice.page, 'general');
  });

  it('a live change lost on the way is fetched at the next one, without a reconnect', async () => {
    await send(alice.page, 'the plan is A');
    await waitForBody(bob.page, 'the plan is A');
    // See live.ts: bob's client ignores its next live `changes` event and counts socket connects from now on.
    await bob.page.evaluate(() => ((window as { __flackTest?: object }).__flackTest = { dropChanges: 1, connects: 0 }));

    await messageAction(alice.page, 'the plan is A', 'Edit message');
    await typeEdit(alice.page, 'the plan is B');
    await bob.page.waitForFunction(() => (window as { __flackTest?: { dropChanges: number } }).__flackTest?.dropChanges === 0);
    expect(rowWith('the plan is A')(await rows(bob.page))).toBeTruthy(); // really lost

    // The next change shows bob that one is missing: he asks for it (after the short reorder window).
    await send(alice.page, 'agreed?');
    await waitForBody(bob.page, 'agreed?');
    await untilRows(bob.page, (rs) => rowWith('the plan is B')(rs)?.edited === true);
    expect(await bob.page.evaluate(() => (window as { __flackTest?: { connects: number } }).__flackTest?.connects)).toBe(0);
    expect((await rows(bob.page)).filter((r) => r.body.startsWith('the plan'))).toEqual([{ body: 'the plan is B', edited: true, reactions: '' }]);
    await bob.page.evaluate(() => delete (window as { __flackTest?: object }).__flackTest);
  });

  it('back from offline, a browser shows exactly what a fresh load shows: edits, deletes, reactions and new messages', async () => {
    for (const text of ['catch one', 'catch two', 'catch three']) await send(alice.page, text);
    await waitForBody(bob.page, 'catch three');
    await bob.page.setOfflineMode(true);
    await bob.page.waitForFunction(() => document.querySelector('.banner')?.textContent === 'You are offline.');

    await messageAction(alice.page, 'catch one', 'Edit message');
    await typeEdit(alice.page, 'catch one, edited offline');
    await deleteVia(alice.page, 'catch two');
    await reactVia(alice.page, 'catch three', 'rocket');
    await reactVia(alice.page, 'lunch at noon?', 'thumbs up'); // an older message, reacted to again
    await send(alice.page, 'catch four');
    await waitForBody(alice.page, 'catch four', 'sent');

    await bob.page.setOfflineMode(false);
    await waitForBody(bob.page, 'catch four');
    const caughtUp = await untilRows(bob.page, (rs) => rowWith('catch one, edited offline')(rs) !== undefined && rowWith('catch three')(rs)?.reactions === '🚀1');
    expect(caughtUp.slice(-4)).toEqual([
      { body: 'catch one, edited offline', edited: true, reactions: '' },
      { body: DELETED, edited: false, reactions: '' },
      { body: 'catch three', edited: false, reactions: '🚀1' },
      { body: 'catch four', edited: false, reactions: '' },
    ]);
    expect(rowWith('lunch at noon?')(caughtUp)?.reactions).toBe('👍2* 🎉1* 😍1');

    // The same as a page that never missed anything.
    const fresh = await openPage(bob.context, server.url);
    await waitForApp(fresh);
    await waitForBody(fresh, 'catch four');
    await untilRows(fresh, (rs) => rs.length >= caughtUp.length);
    expect(await rows(fresh)).toEqual(await rows(bob.page));
    await fresh.close();
  });

  it('a server that speaks another protocol version gets “Flack was updated — reload the page”, not a reconnect loop', async () => {
    const page = await alice.context.newPage();
    // Before the app loads: count WebSockets, and make the handshake claim protocol version 1.
    await page.evaluateOnNewDocument(() => {
      const Native = window.WebSocket;
      const w = window as unknown as { __sockets: number };
      w.__sockets = 0;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          w.__sockets++;
        }
        override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
          super.send(typeof data === 'string' ? data.replace(/^40\{"protocolVersion":\d+/, '40{"protocolVersion":1') : data);
        }
      };
    });
    await page.goto(server.url);
    const banner = await page.waitForSelector('.banner.updated');
    expect(await banner!.evaluate((e) => e.getAttribute('role'))).toBe('alert');
    expect(await banner!.evaluate((e) => e.textContent)).toBe('Flack was updated — reload the page.Reload');
    // Even the network coming back does not make it try again (only time can show that nothing happens).
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.evaluate(() => (window as unknown as { __sockets: number }).__sockets)).toBe(1);
    expect(await page.$('.banner.updated')).not.toBeNull();
    await page.screenshot({ path: join(screenshotDir(), 'protocol-mismatch-light.png') });
    await page.close();
  });

  it('looks right: light, dark and phone, with the action bar, the editor, the picker and the delete dialog', async () => {
    const dir = screenshotDir();
    const page = alice.page;
    await page.bringToFront();
    const row = await rowHandle(page, 'lunch at noon?');
    await row.hover();
    await page.screenshot({ path: join(dir, 'changes-light.png') });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await row.hover();
    await page.screenshot({ path: join(dir, 'changes-dark.png') });

    await messageAction(page, 'agreed?', 'Edit message');
    await page.waitForSelector('.msg-editor textarea');
    await page.screenshot({ path: join(dir, 'changes-editor-dark.png') });
    await page.keyboard.press('Escape');

    await messageAction(page, 'lunch at noon?', 'Add reaction');
    await page.waitForSelector('dialog[open] button.emoji');
    await page.type('dialog[open] .emoji-search', 'ca');
    await new Promise((r) => setTimeout(r, 300)); // the dialog's entrance animation
    await page.screenshot({ path: join(dir, 'changes-picker-dark.png') });
    await page.click('dialog[open] button[aria-label="Close"]');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));

    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await messageAction(page, 'agreed?', 'Delete message');
    await page.waitForSelector('dialog[open] .message-preview');
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ path: join(dir, 'changes-delete-light.png') });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));

    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    // No hover on a touch screen: tapping the message (its text, not a chip) focuses the row and shows its actions.
    await (await (await rowHandle(page, 'lunch at noon?')).$('.body'))!.tap();
    await page.waitForFunction(() => document.activeElement?.matches('.msg') && document.activeElement.querySelector('.msg-actions') !== null);
    await new Promise((r) => setTimeout(r, 200));
    await page.screenshot({ path: join(dir, 'changes-phone-light.png') });
    await page.setViewport({ width: 1280, height: 800 });
  });
});
