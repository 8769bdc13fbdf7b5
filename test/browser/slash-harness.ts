// Slash commands in a real browser, against a real server, seen by a second user: "/" opens the command list (the
// @mention list's keyboard), /shrug and /me post, /invite adds bob to a channel, /topic changes its header for him,
// /mute mutes it, an unknown command is refused under the composer with its text kept, "//" posts as typed, /leave
// leaves. Shared by slash.test.ts (Chromium, with screenshots and axe) and slash-firefox.test.ts.
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { bodies, browserAvailable, createChannel, messagePerson, openSidebarItem, screenshotDir, sidebarLabels, twoUsersIn, waitForBody, type BrowserKind } from './harness.js';

const COMPOSER = '.composer[data-surface="main"] textarea';

/** The open command list as shown: each row's usage, `*` after the active one ([] when closed). */
export const commandRows = (page: Page) =>
  page.$eval(COMPOSER, (area) => {
    if (area.getAttribute('aria-expanded') !== 'true') return [];
    const list = document.getElementById(area.getAttribute('aria-controls')!)!;
    return [...list.querySelectorAll('[role="option"]')].map(
      (o) => `${o.querySelector('.command-usage')?.textContent}${o.id === area.getAttribute('aria-activedescendant') && o.getAttribute('aria-selected') === 'true' ? '*' : ''}`,
    );
  });

/** Wait until the list shows these rows (usages, `*` on the active one). */
export async function untilCommandRows(page: Page, want: string[]): Promise<void> {
  try {
    await page.waitForFunction(
      (sel, w) => {
        const area = document.querySelector(sel)!;
        const list = document.getElementById(area.getAttribute('aria-controls') ?? '');
        const rows =
          area.getAttribute('aria-expanded') === 'true' && list?.getAttribute('role') === 'listbox'
            ? [...list.querySelectorAll('[role="option"]')].map(
                (o) => `${o.querySelector('.command-usage')?.textContent}${o.id === area.getAttribute('aria-activedescendant') ? '*' : ''}`,
              )
            : [];
        return rows.join(' ') === w.join(' ');
      },
      { timeout: 5000 },
      COMPOSER,
      want,
    );
  } catch (e) {
    throw new Error(`command list never showed ${JSON.stringify(want)}; it shows ${JSON.stringify(await commandRows(page))}`, { cause: e });
  }
}

export const composerValue = (page: Page) => page.$eval(COMPOSER, (e) => (e as HTMLTextAreaElement).value);

/** Type a line into the composer and press Enter. */
export async function enter(page: Page, text: string): Promise<void> {
  await page.focus(COMPOSER);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Clear the composer, as select-all and Backspace would. */
export async function clearComposer(page: Page): Promise<void> {
  await page.focus(COMPOSER);
  await page.$eval(COMPOSER, (e) => (e as HTMLTextAreaElement).select());
  await page.keyboard.press('Backspace');
}

/** What the user is told: the notice (toast) and the line under the composer. */
const told = (page: Page) =>
  page.evaluate(() => ({
    toast: document.querySelector('.toast')?.textContent ?? null,
    error: document.querySelector('.composer[data-surface="main"] .command-error')?.textContent ?? null,
  }));

async function untilTold(page: Page, check: (t: { toast: string | null; error: string | null }) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let last = await told(page);
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`never told ${what}; last told ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await told(page);
  }
}

export const untilToast = (page: Page, start: string) => untilTold(page, (t) => t.toast?.startsWith(start) === true, start);
export const untilCommandError = (page: Page, text: string) => untilTold(page, (t) => t.error === text, text);

const ALL = ['/invite @person', '/leave', '/me [action]', '/mute', '/shrug [text]', '/topic [text]'];

export function slashSuite(kind: BrowserKind, { screenshots = false, axe = false } = {}): void {
  describe.skipIf(!browserAvailable(kind))(`slash commands, in ${kind}`, () => {
    const world = twoUsersIn(kind);
    // Dark mode is emulated over CDP, which Firefox's WebDriver BiDi does not speak: Chromium takes the pictures.
    const shot = async (page: Page, name: string, dark = false) => {
      if (!screenshots) return;
      if (dark) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      await page.screenshot({ path: join(screenshotDir(), `slash-${name}.png`) });
      if (dark) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    };
    const accessible = async (page: Page, what: string) => {
      if (axe) expect(await seriousViolations(page), what).toEqual([]);
    };

    it('"/" lists the commands with their usage; typing filters, ↑/↓ and Enter pick /shrug, Enter again posts the shrug', async () => {
      const { alice, bob } = world;
      await alice.page.bringToFront();
      await alice.page.focus(COMPOSER);
      await alice.page.keyboard.type('/');
      await untilCommandRows(alice.page, ALL.map((u, i) => (i === 0 ? `${u}*` : u)));
      expect(await alice.page.$eval(COMPOSER, (e) => e.getAttribute('role'))).toBe('combobox');
      await shot(alice.page, 'list-light');
      await accessible(alice.page, 'the command list');

      await alice.page.keyboard.type('m');
      await untilCommandRows(alice.page, ['/me [action]*', '/mute']);
      await alice.page.keyboard.press('Backspace');
      await untilCommandRows(alice.page, ALL.map((u, i) => (i === 0 ? `${u}*` : u)));
      // ↑ from the first row wraps to the last; one more ↑ is /shrug.
      for (const key of ['ArrowDown', 'ArrowUp', 'ArrowUp', 'ArrowUp'] as const) await alice.page.keyboard.press(key);
      await untilCommandRows(alice.page, ALL.map((u) => (u === '/shrug [text]' ? `${u}*` : u)));
      await alice.page.keyboard.press('Enter');
      expect(await composerValue(alice.page)).toBe('/shrug ');
      await untilCommandRows(alice.page, []);

      await alice.page.keyboard.type('no idea');
      await alice.page.keyboard.press('Enter');
      await waitForBody(bob.page, 'no idea ¯\\_(ツ)_/¯');
      expect(await composerValue(alice.page)).toBe('');

      // Esc closes the list and keeps the text.
      await alice.page.keyboard.type('/sh');
      await untilCommandRows(alice.page, ['/shrug [text]*']);
      await alice.page.keyboard.press('Escape');
      await untilCommandRows(alice.page, []);
      expect(await composerValue(alice.page)).toBe('/sh');
      await clearComposer(alice.page);
    });

    it('/me posts the action in italics', async () => {
      const { alice, bob } = world;
      await enter(alice.page, '/me waves at everyone');
      await waitForBody(bob.page, 'waves at everyone');
      const italic = await bob.page.$$eval('.message-list .msg .body em', (els) => els.map((e) => e.textContent));
      expect(italic).toContain('waves at everyone');
      await shot(bob.page, 'posted-light');
    });

    it('/invite @bob adds bob to the channel, who sees it appear; /topic changes its header for him', async () => {
      const { alice, bob } = world;
      await createChannel(alice.page, 'ops');
      await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'ops');
      await enter(alice.page, '/invite @bob');
      await untilToast(alice.page, 'bob was added to #ops.');
      expect(await composerValue(alice.page)).toBe('');
      await bob.page.waitForFunction(() => [...document.querySelectorAll('.sidebar .item-label')].some((e) => e.textContent === 'ops'));

      await openSidebarItem(bob.page, 'ops');
      await enter(alice.page, '/topic Deploy day');
      await bob.page.waitForFunction(() => document.querySelector('.pane-title .topic')?.textContent === 'Deploy day');
      await untilToast(alice.page, 'Topic of #ops set to “Deploy day”.');
      await shot(bob.page, 'topic-light');
    });

    it('/mute mutes the channel and says so (Enter on the whole name runs it); /mute again unmutes it', async () => {
      const { alice } = world;
      const muted = () => alice.page.$$eval('.sidebar .item.muted .item-label', (els) => els.map((e) => e.textContent));
      await enter(alice.page, '/mute');
      await untilToast(alice.page, 'Muted #ops');
      expect(await muted()).toEqual(['ops']);
      expect(await composerValue(alice.page)).toBe('');
      await untilCommandRows(alice.page, []);
      // The conversation's menu says so too.
      await alice.page.click('.pane-head .menu-trigger');
      await alice.page.waitForSelector('.pane-head .menu:popover-open');
      expect(await alice.page.$$eval('.pane-head .menu [role="menuitem"]', (els) => els.map((e) => e.textContent))).toContain('Unmute #ops');
      await shot(alice.page, 'muted-light');
      await alice.page.keyboard.press('Escape');
      await alice.page.waitForFunction(() => !document.querySelector('.pane-head .menu:popover-open'));

      await enter(alice.page, '/mute');
      await untilToast(alice.page, 'Unmuted #ops.');
      expect(await muted()).toEqual([]);
    });

    it('an unknown command, or a refused one, is told under the composer and the text stays; "//" posts as typed', async () => {
      const { alice, bob } = world;
      await enter(alice.page, '/nope');
      await untilCommandError(alice.page, 'No command /nope');
      expect(await composerValue(alice.page)).toBe('/nope');
      expect(await alice.page.$eval(COMPOSER, (e) => e.getAttribute('aria-invalid'))).toBe('true');
      await shot(alice.page, 'error-dark', true);
      await accessible(alice.page, 'a refused command');

      await clearComposer(alice.page);
      await alice.page.waitForFunction(() => !document.querySelector('.command-error'));
      await enter(alice.page, '/invite @zed');
      await untilCommandError(alice.page, 'There is no user called “zed”.');
      expect(await composerValue(alice.page)).toBe('/invite @zed');

      // Posted after the refusals: once bob has it, anything they had posted would be there before it.
      await clearComposer(alice.page);
      await enter(alice.page, '//nope, not a command');
      await waitForBody(bob.page, '//nope, not a command');
      const seen = await bodies(bob.page);
      expect(seen.filter((b) => b.includes('nope') || b.includes('zed'))).toEqual(['//nope, not a command']);
    });

    it('/leave leaves the channel: it goes from the sidebar and the others see that', async () => {
      const { alice, bob } = world;
      await enter(alice.page, '/leave');
      await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'general');
      expect(await sidebarLabels(alice.page)).not.toContain('ops');
      await untilToast(alice.page, 'You left #ops.');
      await bob.page.waitForFunction(() => [...document.querySelectorAll('.message-list .msg.system')].some((e) => e.textContent?.includes('alice left the channel')));
      await shot(bob.page, 'left-light');
    });

    it('in a DM the list leaves out what cannot run there, and /topic is refused by the rule, the text kept', async () => {
      const { alice } = world;
      await messagePerson(alice.page, 'bob');
      await alice.page.focus(COMPOSER);
      await alice.page.keyboard.type('/');
      await untilCommandRows(alice.page, ['/leave*', '/me [action]', '/mute', '/shrug [text]']);
      await alice.page.keyboard.type('topic Friday');
      await alice.page.keyboard.press('Enter');
      await untilCommandError(alice.page, 'Direct messages have no topic.');
      expect(await composerValue(alice.page)).toBe('/topic Friday');
      await clearComposer(alice.page);
    });
  });
}
