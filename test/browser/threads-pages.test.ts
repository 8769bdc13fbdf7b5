// Long threads and many of them, in Chromium: a thread's older replies load as you scroll up, like a conversation's,
// until its first message; the Threads view shows 20 threads at a time and loads more on request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, newClient, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { MAIN, ROOT, THREAD, rowHandle, rows } from './changes-harness.js';
import { browserAvailable, clickText, launch, userPage, waitForBody, type Launched, type UserPage } from './harness.js';
import { untilSummary } from './threads-harness.js';

describe.skipIf(!browserAvailable('chromium'))('long threads and many threads, in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let bob: UserPage;
  let bobSocket: ClientSocket;
  let alice: ClientSocket;
  let general: number;
  let n = 0;
  const say = (socket: ClientSocket, body: string, threadId?: number) =>
    call(socket, 'message:send', { conversationId: general, clientId: `page-${n++}`, body, ...(threadId && { threadId }) });

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    alice = (await newClient(server, 'alice')).socket;
    bob = await userPage(chromium.browser, server.url, 'bob');
    const token = (await bob.context.cookies()).find((c) => c.name === 'flack_session')!.value;
    bobSocket = await connect(server, token);
    general = (await call(alice, 'state', {})).conversations.find((c) => c.name === 'general')!.id;
  });
  afterAll(async () => {
    alice?.close();
    bobSocket?.close();
    await chromium?.close();
    await server?.close();
  });

  it('older replies load as you scroll up the panel, down to the first reply and the root', async () => {
    const { message: root } = await say(alice, 'a long thread');
    for (let i = 1; i <= 130; i++) await say(alice, `reply ${i}`, root.id);
    await waitForBody(bob.page, 'a long thread');
    await untilSummary(bob.page, 'a long thread', '130 replies');
    await (await (await rowHandle(bob.page, 'a long thread', MAIN)).$('.thread-summary'))!.click();
    await bob.page.waitForFunction(() => document.querySelector('.thread-panel .msg[data-id] .body')?.textContent === 'reply 31');
    expect(await rows(bob.page, ROOT)).toEqual([]); // not before every reply is there

    // Scroll to the top until the beginning shows (each pass may bring a page).
    await bob.page.waitForFunction(() => {
      const list = document.querySelector<HTMLElement>('.thread-panel .messages')!;
      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
      return document.querySelector('.thread-panel .thread-root') !== null;
    });
    const replies = (await rows(bob.page, THREAD)).map((r) => r.body);
    expect(replies.slice(0, 3)).toEqual(['reply 1', 'reply 2', 'reply 3']);
    expect(replies.at(-1)).toBe('reply 130');
    expect((await rows(bob.page, ROOT)).map((r) => r.body)).toEqual(['a long thread']);
    await bob.page.keyboard.press('Escape');
    await bob.page.waitForFunction(() => !document.querySelector('.thread-panel'));
  });

  it('the Threads view lists 20 threads, newest activity first, and loads more on request', async () => {
    for (let i = 1; i <= 23; i++) {
      const { message } = await say(bobSocket, `topic ${i}`);
      await say(alice, `answer to ${i}`, message.id);
    }
    await clickText(bob.page, '.sidebar .item .item-label', 'Threads');
    await bob.page.waitForFunction(() => document.querySelectorAll('.thread-item').length === 20);
    const listed = () => bob.page.$$eval('.thread-item .body', (els) => els.map((e) => e.textContent));
    expect((await listed()).slice(0, 2)).toEqual(['topic 23', 'topic 22']);
    await clickText(bob.page, '.threads-foot button', 'Load more threads');
    await bob.page.waitForFunction(() => document.querySelectorAll('.thread-item').length === 23);
    expect((await listed()).at(-1)).toBe('topic 1');
    expect(await bob.page.$('.threads-foot button')).toBeNull();
    // Every one of them has a reply bob has not read.
    expect(await bob.page.$eval('.sidebar .item .badge', (e) => e.textContent)).toBe('23');
  });
});
