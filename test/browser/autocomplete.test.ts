// @mention autocomplete in the composer, in Chromium and in Firefox: "@b" offers the channel's members first, then
// other people; ↑/↓ and Enter put "@name " in the text without sending it, the message then mentions its reader (the
// red badge); Esc closes the list and nothing else (not the thread panel), a click or Tab picks, a space closes.
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, connect, signUp } from '../helpers/flack.js';
import { browserAvailable, createChannel, twoUsersIn, waitForBody, type BrowserKind } from './harness.js';
import { THREAD_COMPOSER, openThreadOf } from './threads-harness.js';

const MAIN_COMPOSER = '.composer[data-surface="main"] textarea';

/** The names the open list shows, in order ([] when it is closed). */
const options = (page: Page, textarea: string) =>
  page.$eval(textarea, (area) => {
    if (area.getAttribute('aria-expanded') !== 'true') return [];
    const list = document.getElementById(area.getAttribute('aria-controls')!)!;
    return [...list.querySelectorAll('[role="option"]')].map((o) => ({
      name: o.querySelector('.mention-name')?.textContent ?? '',
      note: o.querySelector('.mention-note')?.textContent ?? '',
      active: o.id === area.getAttribute('aria-activedescendant') && o.getAttribute('aria-selected') === 'true',
    }));
  });

async function untilOptions(page: Page, textarea: string, names: string[]): Promise<void> {
  await page.waitForFunction(
    (sel, want) => {
      const area = document.querySelector(sel)!;
      const open = area.getAttribute('aria-expanded') === 'true';
      const list = document.getElementById(area.getAttribute('aria-controls')!);
      const shown = open && list ? [...list.querySelectorAll('[role="option"] .mention-name')].map((e) => e.textContent) : [];
      return shown.join(' ') === want.join(' ');
    },
    {},
    textarea,
    names,
  );
}

const valueOf = (page: Page, textarea: string) => page.$eval(textarea, (e) => (e as HTMLTextAreaElement).value);

for (const kind of ['chromium', 'firefox'] as BrowserKind[]) {
  describe.skipIf(!browserAvailable(kind))(`@mention autocomplete, in ${kind}`, () => {
    const world = twoUsersIn(kind);

    beforeAll(async () => {
      // bart matches "@b" too but left #general: he is offered after its members.
      const bart = await connect(world.server, (await signUp(world.server, 'bart')).token);
      const general = (await call(bart, 'state', {})).conversations.find((c) => c.name === 'general')!;
      await call(bart, 'channel:leave', { conversationId: general.id });
      bart.close();
      // Bob reads elsewhere, so what mentions him in #general is unread.
      await createChannel(world.bob.page, 'elsewhere');
      await world.bob.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'elsewhere');
    }, 30_000);

    it('"@b" offers bob first; ↓, ↑ and Enter put "@bob " in the text without sending it; bob is mentioned', async () => {
      const { alice, bob } = world;
      await alice.page.bringToFront();
      await alice.page.focus(MAIN_COMPOSER);
      await alice.page.keyboard.type('hi @b');
      await untilOptions(alice.page, MAIN_COMPOSER, ['@bob', '@bart']);
      expect(await options(alice.page, MAIN_COMPOSER)).toEqual([
        { name: '@bob', note: '', active: true },
        { name: '@bart', note: 'not in this channel', active: false },
      ]);
      await alice.page.keyboard.press('ArrowDown');
      expect((await options(alice.page, MAIN_COMPOSER)).map((o) => o.active)).toEqual([false, true]);
      await alice.page.keyboard.press('ArrowUp');
      await alice.page.keyboard.press('Enter');
      expect(await valueOf(alice.page, MAIN_COMPOSER)).toBe('hi @bob ');
      expect(await options(alice.page, MAIN_COMPOSER)).toEqual([]);

      await alice.page.keyboard.type('can you look?');
      await alice.page.keyboard.press('Enter');
      await waitForBody(alice.page, 'hi @bob can you look?', 'sent');
      // The Enter that picked sent nothing: the one message is the whole text.
      const sent = await alice.page.$$eval('.pane .message-list .msg .body', (els) => els.map((e) => e.textContent?.trim()));
      expect(sent.filter((b) => b?.startsWith('hi @'))).toEqual(['hi @bob can you look?']);

      await bob.page.waitForFunction(() => {
        const item = [...document.querySelectorAll('.sidebar .item')].find((e) => e.querySelector('.item-label')?.textContent === 'general');
        const badge = item?.querySelector('.badge.mention');
        return badge?.getAttribute('aria-label')?.endsWith(', 1 mentioning you');
      });
    });

    it('Esc closes the list and leaves the draft and the thread panel alone; a click or Tab picks; a space closes', async () => {
      const { alice } = world;
      await alice.page.bringToFront();
      await openThreadOf(alice.page, 'hi @bob can you look?');
      await alice.page.keyboard.type('ask @b');
      await untilOptions(alice.page, THREAD_COMPOSER, ['@bob', '@bart']);
      await alice.page.keyboard.press('Escape');
      await untilOptions(alice.page, THREAD_COMPOSER, []);
      expect(await valueOf(alice.page, THREAD_COMPOSER)).toBe('ask @b');
      expect(await alice.page.$('.thread-panel')).not.toBeNull();
      expect(await alice.page.evaluate((s) => document.activeElement?.matches(s), THREAD_COMPOSER)).toBe(true);

      // A click picks bart; Tab picks the channel's own mention.
      await alice.page.keyboard.type(' or @');
      await untilOptions(alice.page, THREAD_COMPOSER, ['@bob', '@here', '@channel', '@bart']);
      const rows = await alice.page.$$('.composer[data-surface="thread"] [role="option"]');
      await rows[3]!.click();
      expect(await valueOf(alice.page, THREAD_COMPOSER)).toBe('ask @b or @bart ');
      await alice.page.keyboard.type('and @ch');
      await untilOptions(alice.page, THREAD_COMPOSER, ['@channel']);
      await alice.page.keyboard.press('Tab');
      expect(await valueOf(alice.page, THREAD_COMPOSER)).toBe('ask @b or @bart and @channel ');
      expect(await alice.page.evaluate((s) => document.activeElement?.matches(s), THREAD_COMPOSER)).toBe(true);

      // A space after a name closes the list.
      await alice.page.keyboard.type('@bo');
      await untilOptions(alice.page, THREAD_COMPOSER, ['@bob']);
      await alice.page.keyboard.type(' ');
      await untilOptions(alice.page, THREAD_COMPOSER, []);

      // With the list closed, Esc is the panel's again.
      await alice.page.keyboard.press('Escape');
      await alice.page.waitForFunction(() => !document.querySelector('.thread-panel'));
    });
  });
}
