// Long conversations in Chromium: paging back to the first message without the view jumping, a capped DOM,
// the "New messages" pill, and following the bottom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newClient, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { browserAvailable, joinChannel, launch, userPage, waitForBody, type Launched, type UserPage } from './harness.js';
import type { Page } from 'puppeteer-core';

const MAX_RENDERED = 150;

async function seed(socket: ClientSocket, conversationId: number, count: number, label: (i: number) => string, parallel = 1) {
  for (let i = 1; i <= count; i += parallel) {
    const batch = [];
    for (let j = i; j < i + parallel && j <= count; j++) {
      batch.push(call(socket, 'message:send', { conversationId, clientId: `seed-${conversationId}-${j}`, body: label(j) }));
    }
    await Promise.all(batch);
  }
}

/** Rendered message texts; system lines ("seeder joined the channel") included. */
const rendered = (page: Page) =>
  page.$$eval('.message-list .msg[data-seq]', (els) => els.map((e) => (e.querySelector('.body') ?? e.querySelector('.system-text'))?.textContent ?? ''));

/** Scroll the list to its top and wait until older content has been rendered (or the beginning is shown). */
async function pageUp(page: Page): Promise<{ jump: number; rendered: number; atBeginning: boolean }> {
  const before = await page.evaluate(() => {
    const list = document.querySelector<HTMLElement>('.messages')!;
    list.scrollTop = 0;
    const first = list.querySelector<HTMLElement>('.msg[data-seq]')!;
    return { seq: first.dataset.seq!, top: first.getBoundingClientRect().top };
  });
  await page.waitForFunction(
    (seq) =>
      document.querySelector('.beginning') !== null ||
      document.querySelector<HTMLElement>('.message-list .msg[data-seq]')?.dataset.seq !== seq,
    {},
    before.seq,
  );
  return page.evaluate(async (b) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const el = document.querySelector<HTMLElement>(`.msg[data-seq="${b.seq}"]`);
    return {
      jump: el ? Math.abs(el.getBoundingClientRect().top - b.top) : Infinity,
      rendered: document.querySelectorAll('.message-list .msg').length,
      atBeginning: document.querySelector('.beginning') !== null && document.querySelector<HTMLElement>('.messages')!.scrollTop < 5,
    };
  }, before);
}

describe.skipIf(!browserAvailable('chromium'))('long conversations in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let seeder: Awaited<ReturnType<typeof newClient>>;
  let generalId: number;
  let viewer: UserPage;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    seeder = await newClient(server, 'seeder');
    const state = await call(seeder.socket, 'state', {});
    generalId = state.conversations.find((c) => c.name === 'general')!.id;
    await seed(seeder.socket, generalId, 450, (i) => `m${i}`);
    viewer = await userPage(chromium.browser, server.url, 'viewer');
  });
  afterAll(async () => {
    seeder?.socket.close();
    await chromium?.close();
    await server?.close();
  });

  it('pages back to the first message without the view jumping, keeping the DOM small', async () => {
    const page = viewer.page;
    await waitForBody(page, 'm450');
    expect((await rendered(page)).length).toBeLessThanOrEqual(101);
    for (let i = 0; i < 30; i++) {
      const step = await pageUp(page);
      expect(step.jump).toBeLessThan(3);
      expect(step.rendered).toBeLessThanOrEqual(MAX_RENDERED + 1);
      if (step.atBeginning) break;
    }
    const top = await rendered(page);
    expect(top.slice(0, 6)).toEqual(['seeder joined the channel', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(await page.$eval('.beginning h2', (e) => e.textContent)).toBe('This is the very beginning of #general.');
  });

  it('shows a "New messages" pill instead of jumping when scrolled up, and follows the bottom when at it', async () => {
    const page = viewer.page;
    // Back down to the newest message by scrolling, window by window.
    for (let i = 0; i < 30 && !(await rendered(page)).includes('m450'); i++) {
      await page.evaluate(() => {
        const list = document.querySelector<HTMLElement>('.messages')!;
        list.scrollTop = list.scrollHeight;
      });
      await new Promise((r) => setTimeout(r, 60));
    }
    await page.evaluate(() => {
      const list = document.querySelector<HTMLElement>('.messages')!;
      list.scrollTop = list.scrollHeight;
    });
    await page.waitForFunction(() => !document.querySelector('.pill'));

    await page.evaluate(() => (document.querySelector<HTMLElement>('.messages')!.scrollTop = 200));
    // The list has taken in the scroll (it offers "Jump to newest") before anything new arrives, as when a person
    // scrolls up to read; otherwise a message racing the scroll event is rightly followed to the bottom.
    await page.waitForSelector('.pill.quiet');
    const scrolledTo = await page.$eval('.messages', (e) => e.scrollTop);
    await call(seeder.socket, 'message:send', { conversationId: generalId, clientId: 'late-1', body: 'fresh news' });
    await page.waitForFunction(() => document.querySelector('.pill')?.textContent?.includes('New messages'));
    expect(Math.abs((await page.$eval('.messages', (e) => e.scrollTop)) - scrolledTo)).toBeLessThan(3);
    await page.click('.pill');
    await waitForBody(page, 'fresh news');
    const gap = await page.$eval('.messages', (e) => e.scrollHeight - e.scrollTop - e.clientHeight);
    expect(gap).toBeLessThan(5);

    await call(seeder.socket, 'message:send', { conversationId: generalId, clientId: 'late-2', body: 'more news' });
    await waitForBody(page, 'more news');
    await page.waitForFunction(() => {
      const e = document.querySelector<HTMLElement>('.messages')!;
      return e.scrollHeight - e.scrollTop - e.clientHeight < 5;
    });
    expect(await page.$('.pill')).toBeNull();
  });

  it('stays smooth with 10,000 messages loaded: paging all the way back keeps at most 150 in the DOM', async () => {
    const { conversation } = await call(seeder.socket, 'channel:create', { name: 'firehose', visibility: 'public' });
    await seed(seeder.socket, conversation.id, 10_000, (i) => `f${i}`, 100);
    const page = viewer.page;
    const started = Date.now();
    // Join through the UI, then page back through everything.
    await joinChannel(page, 'firehose');
    await page.waitForFunction(() => document.querySelectorAll('.message-list .msg[data-seq]').length > 50);
    let steps = 0;
    let worst = 0;
    for (; steps < 400; steps++) {
      const step = await pageUp(page);
      worst = Math.max(worst, step.jump);
      expect(step.rendered).toBeLessThanOrEqual(MAX_RENDERED + 1);
      if (step.atBeginning) break;
    }
    expect(worst).toBeLessThan(3);
    const top = await rendered(page);
    expect(top.slice(0, 3)).toEqual(['f1', 'f2', 'f3']);
    console.log(`[history] paged through 10,000 messages in ${steps} steps, ${Date.now() - started} ms`);
  }, 120_000);
});
