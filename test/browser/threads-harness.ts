// Helpers for the thread tests, shared by Chromium and Firefox: open a thread, reply in it, read a root's summary.
import type { Page } from 'puppeteer-core';
import { MAIN, messageAction, rowHandle } from './changes-harness.js';

export const THREAD_COMPOSER = '.composer[data-surface="thread"] textarea';

/** "Reply in thread" from the message's action bar; the panel opens with its composer focused. */
export async function openThreadOf(page: Page, body: string): Promise<void> {
  await messageAction(page, body, 'Reply in thread', MAIN);
  await page.waitForFunction((sel) => document.activeElement?.matches(sel), {}, THREAD_COMPOSER);
}

export async function reply(page: Page, text: string): Promise<void> {
  await page.focus(THREAD_COMPOSER);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The text of the summary under the root in the conversation's list ("2 replies"), or null without one. */
export async function summaryOf(page: Page, body: string): Promise<string | null> {
  const row = await rowHandle(page, body, MAIN);
  return row.evaluate((e) => e.querySelector('.thread-summary .reply-count')?.textContent ?? null);
}

export async function untilSummary(page: Page, body: string, text: string | null): Promise<void> {
  await page.waitForFunction(
    (b, t) => {
      const row = [...document.querySelectorAll('.pane .message-list .msg[data-id]')].find((e) => e.querySelector('.body')?.textContent?.trim() === b);
      return row && (row.querySelector('.thread-summary .reply-count')?.textContent ?? null) === t;
    },
    {},
    body,
    text,
  );
}

/** The Threads entry's badge in the sidebar, or null. */
export const threadsBadge = (page: Page) =>
  page.evaluate(() => {
    const item = [...document.querySelectorAll('.sidebar .item')].find((e) => e.querySelector('.item-label')?.textContent === 'Threads');
    return item?.querySelector('.badge')?.textContent ?? null;
  });

export async function untilThreadsBadge(page: Page, text: string | null): Promise<void> {
  await page.waitForFunction(
    (t) => {
      const item = [...document.querySelectorAll('.sidebar .item')].find((e) => e.querySelector('.item-label')?.textContent === 'Threads');
      return (item?.querySelector('.badge')?.textContent ?? null) === t;
    },
    {},
    text,
  );
}

export const ALSO_TO_CHANNEL = '.thread-panel .also-to-channel input[type="checkbox"]';

/** Types a reply, ticks "Also send to …" from the keyboard (Tab from the text, past Send), and sends it with Enter. */
export async function replyAlsoToChannel(page: Page, text: string): Promise<void> {
  await page.focus(THREAD_COMPOSER);
  await page.keyboard.type(text);
  for (let i = 0; i < 4 && !(await page.evaluate((s) => document.activeElement?.matches(s), ALSO_TO_CHANNEL)); i++) await page.keyboard.press('Tab');
  await page.waitForFunction((s) => document.activeElement?.matches(s), {}, ALSO_TO_CHANNEL);
  await page.keyboard.press(' '); // Space, by the name both protocols know
  await page.waitForFunction((s) => document.querySelector<HTMLInputElement>(s)?.checked, {}, ALSO_TO_CHANNEL);
  await page.focus(THREAD_COMPOSER);
  await page.keyboard.press('Enter');
}

/** The line above a reply's copy in the conversation ("replied to a thread: …"), or null without one. */
export async function fromThreadOf(page: Page, body: string): Promise<string | null> {
  const row = await rowHandle(page, body, MAIN);
  return row.evaluate((e) => e.querySelector('.from-thread')?.textContent ?? null);
}
