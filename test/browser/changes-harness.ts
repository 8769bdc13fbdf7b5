// Helpers for the tests of messages that change (edits, deletes, reactions), shared by Chromium and Firefox.
import type { ElementHandle, Page } from 'puppeteer-core';

export interface Row {
  body: string;
  edited: boolean;
  /** "👍2*": emoji, count, and * when you are among them (aria-pressed). */
  reactions: string;
}

/**
 * Where to look, as a selector prefix: '' for the whole page, `MAIN` for the conversation's list, `THREAD` for the
 * thread panel's replies, `ROOT` for the message they reply to.
 */
export type Scope = string;
export const MAIN = '.pane';
export const THREAD = '.thread-panel .messages >';
export const ROOT = '.thread-panel .thread-root';

/** Every rendered message as a user sees it. Self-contained: it runs in the page. */
export function rows(page: Page, scope: Scope = ''): Promise<Row[]> {
  return page.$$eval(`${scope} .message-list .msg[data-id]:not(.system)`, (els) =>
    els.map((e) => ({
      body: e.querySelector('.body')?.textContent?.trim() ?? '',
      edited: e.querySelector('.edited') !== null,
      reactions: [...e.querySelectorAll('.reaction:not(.add)')]
        .map((b) => `${b.querySelector('.reaction-emoji')?.textContent}${b.querySelector('.reaction-count')?.textContent}${b.getAttribute('aria-pressed') === 'true' ? '*' : ''}`)
        .join(' '),
    })),
  );
}

/** Wait until `check` holds for the rendered rows (polling the page, not sleeping as a proof). */
export async function untilRows(page: Page, check: (rows: Row[]) => boolean, timeoutMs = 10_000, scope: Scope = ''): Promise<Row[]> {
  const deadline = Date.now() + timeoutMs;
  let last: Row[] = [];
  while (Date.now() < deadline) {
    last = await rows(page, scope);
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`rows never matched; last seen: ${JSON.stringify(last, null, 1)}`);
}

export const rowWith = (body: string) => (rs: Row[]) => rs.find((r) => r.body === body);

/** The <li> of the message whose body is `body`. */
export async function rowHandle(page: Page, body: string, scope: Scope = ''): Promise<ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    (t, sc) => [...document.querySelectorAll(`${sc} .message-list .msg[data-id]`)].find((e) => e.querySelector('.body')?.textContent?.trim() === t),
    {},
    body,
    scope,
  );
  return handle.asElement() as ElementHandle<Element>;
}

/** Hover the message and press one of its action bar's buttons ("Edit message", "Delete message", "Add reaction"). */
export async function messageAction(page: Page, body: string, label: string, scope: Scope = ''): Promise<void> {
  // The user acting looks at their window: a background tab (Firefox) runs no animations.
  await page.bringToFront();
  const row = await rowHandle(page, body, scope);
  await row.hover();
  const button = await row.waitForSelector(`.msg-actions button[aria-label="${label}"]`, { visible: true });
  await button!.click();
}

/** Replace the text in the open inline editor and press Enter. */
export async function typeEdit(page: Page, text: string): Promise<void> {
  await page.waitForSelector('.msg-editor textarea');
  await page.waitForFunction(() => document.activeElement?.matches('.msg-editor textarea'));
  await page.$eval('.msg-editor textarea', (e) => (e as HTMLTextAreaElement).select());
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('.msg-editor'));
}

/** Pick an emoji through the picker of the message's action bar: search, then Enter takes the first match. */
export async function reactVia(page: Page, body: string, search: string, scope: Scope = ''): Promise<void> {
  await messageAction(page, body, 'Add reaction', scope);
  await page.waitForSelector('dialog[open] .emoji-search');
  // The whole list, not only the recently used ones (shown before the list has loaded, and Enter searches the list).
  await page.waitForSelector('dialog[open] .emoji-section:not([aria-label="Recently used"]) button.emoji');
  await page.type('dialog[open] .emoji-search', search);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
}

/** Delete through the action bar and the confirmation dialog. */
export async function deleteVia(page: Page, body: string, scope: Scope = ''): Promise<void> {
  await messageAction(page, body, 'Delete message', scope);
  await page.waitForSelector('dialog[open] .message-preview');
  // A click into a dialog still sliding in can miss: wait for it to stand still.
  await page.waitForFunction(() => document.querySelector('dialog[open]')?.getAnimations().length === 0);
  const confirm = await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLButtonElement>('dialog[open] .dialog-actions button')].find((b) => b.textContent === 'Delete'),
  );
  await (confirm as unknown as { click(): Promise<void> }).click();
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
}

/** The reaction chip of `emoji` on the message `body`. */
export async function chip(page: Page, body: string, emoji: string, scope: Scope = ''): Promise<ElementHandle<Element>> {
  const row = await rowHandle(page, body, scope);
  const handle = await page.waitForFunction(
    (r, em) => [...r.querySelectorAll('.reaction:not(.add)')].find((b) => b.querySelector('.reaction-emoji')?.textContent === em),
    {},
    row,
    emoji,
  );
  return handle.asElement() as ElementHandle<Element>;
}

export const DELETED = 'This message was deleted.';
