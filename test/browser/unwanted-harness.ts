// Helpers for the tests of unwanted conversations (hide, leave, block, delete), shared by Chromium and Firefox.
import type { ElementHandle, Page } from 'puppeteer-core';

/** The labels of the sidebar's DM rows. */
export const dmRows = (page: Page) =>
  page.$$eval('.sidebar .item[data-conversation]', (els) =>
    els.filter((e) => e.closest('section')?.getAttribute('aria-labelledby') === 'section-direct-messages').map((e) => e.querySelector('.item-label')?.textContent ?? ''),
  );

export async function untilDmRows(page: Page, check: (labels: string[]) => boolean, what: string): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await dmRows(page);
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`DM rows never ${what}; last seen: ${JSON.stringify(last)}`);
}

/** Open the "⋯" menu of a DM's sidebar row (shown on hover). */
export async function openRowMenu(page: Page, label: string): Promise<void> {
  await page.bringToFront();
  const li = await page.waitForFunction(
    (l) =>
      [...document.querySelectorAll('#sidebar li.has-menu')].find(
        (e) => e.querySelector(':scope > .item[data-conversation] .item-label')?.textContent === l,
      ),
    {},
    label,
  );
  const row = li.asElement() as ElementHandle<Element>;
  await row.hover();
  await (await row.waitForSelector('.row-menu', { visible: true }))!.click();
  await page.waitForSelector('.menu:popover-open [role="menuitem"]');
}

/** Open the conversation header's "⋯" menu. */
export async function openHeaderMenu(page: Page): Promise<void> {
  await page.bringToFront();
  await page.click('.pane-head .menu-trigger');
  await page.waitForSelector('.menu:popover-open [role="menuitem"]');
}

export async function chooseMenuItem(page: Page, text: string): Promise<void> {
  const item = await page.waitForFunction(
    (t) => [...document.querySelectorAll<HTMLElement>('.menu:popover-open [role="menuitem"]')].find((e) => e.textContent === t),
    {},
    text,
  );
  await (item as unknown as { click(): Promise<void> }).click();
}

/** The open dialog has stopped sliding in (a click into a moving dialog can miss). */
export const dialogSettled = (page: Page) =>
  page.waitForFunction(() => {
    const d = document.querySelector('dialog[open]');
    return d !== null && d.getAnimations({ subtree: true }).length === 0;
  });

/** Press the open dialog's button with this text. */
export async function dialogButton(page: Page, text: string): Promise<void> {
  await dialogSettled(page);
  const button = await page.waitForFunction(
    (t) => [...document.querySelectorAll<HTMLButtonElement>('dialog[open] button')].find((b) => b.textContent?.trim() === t),
    {},
    text,
  );
  await (button as unknown as { click(): Promise<void> }).click();
}

export const dialogText = (page: Page) => page.$eval('dialog[open]', (d) => d.textContent?.replace(/\s+/g, ' ').trim() ?? '');

export async function untilToast(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('.toast')?.textContent === t, {}, text);
}
