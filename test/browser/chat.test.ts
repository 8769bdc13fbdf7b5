// The web client end to end in Chromium: real server, real browser, two or three users in their own contexts.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, signUp, startTestServer, type TestServer } from '../helpers/flack.js';
import type { AuthReply } from '../../src/shared/protocol.js';
import {
  anonymousPage,
  bodies,
  browserAvailable,
  clickText,
  createChannel,
  fill,
  currentTitle,
  joinChannel,
  launch,
  messagePerson,
  openSidebarItem,
  send,
  sidebarBadge,
  sidebarLabels,
  userPage,
  waitForApp,
  waitForBody,
  type Launched,
  type UserPage,
} from './harness.js';

const currentConversationId = (page: Page) =>
  page.$eval('.item[aria-current="page"]', (e) => Number(e.getAttribute('data-conversation')));

describe.skipIf(!browserAvailable('chromium'))('web app in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let alice: UserPage;
  let bob: UserPage;
  let typists: Record<'dan' | 'erin', AuthReply>;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    // Signed up first, so their "joined #general" lines are not unread for alice and bob.
    typists = { dan: await signUp(server, 'dan'), erin: await signUp(server, 'erin') };
    alice = await userPage(chromium.browser, server.url, 'alice');
    bob = await userPage(chromium.browser, server.url, 'bob');
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('signing up and in shows inline errors for a taken name, a short password and a wrong password', async () => {
    const { page, context } = await anonymousPage(chromium.browser, server.url);
    await clickText(page, '.auth-switch button', 'Create an account');
    await page.type('#auth-username', 'alice');
    await page.type('#auth-password', 'short');
    await page.click('button[type="submit"]');
    expect(await page.$eval('#auth-password-error', (e) => e.textContent)).toMatch(/at least 8/i);

    await fill(page, '#auth-password', 'long enough now');
    await page.click('button[type="submit"]');
    await page.waitForSelector('#auth-username-error');
    expect(await page.$eval('#auth-username-error', (e) => e.textContent)).toMatch(/taken/i);

    await fill(page, '#auth-username', 'no spaces allowed');
    await page.click('button[type="submit"]');
    expect(await page.$eval('#auth-username-error', (e) => e.textContent)).toMatch(/letters, digits/i);

    await fill(page, '#auth-username', 'carol');
    await page.click('button[type="submit"]');
    await waitForApp(page);
    expect(await page.$eval('.me-name', (e) => e.textContent)).toBe('carol');

    await page.click('button[aria-label="Sign out"]');
    await page.waitForSelector('.auth-card');
    await page.type('#auth-username', 'carol');
    await page.type('#auth-password', 'wrong password');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.form-error');
    expect(await page.$eval('.form-error', (e) => e.textContent)).toMatch(/wrong username or password/i);
    await fill(page, '#auth-password', 'long enough now');
    await page.click('button[type="submit"]');
    await waitForApp(page);
    await context.close();
  });

  it('two users chat live; own messages are marked, and a taken channel name is explained', async () => {
    await createChannel(alice.page, 'lobby', { topic: 'Say hi' });
    await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'lobby');

    await createChannel(bob.page, 'LOBBY');
    await bob.page.waitForSelector('#channel-name-error');
    expect(await bob.page.$eval('#channel-name-error', (e) => e.textContent)).toMatch(/already exists/);
    await bob.page.keyboard.press('Escape');
    await bob.page.waitForFunction(() => !document.querySelector('dialog[open]'));

    await joinChannel(bob.page, 'lobby');
    await send(alice.page, 'Hello Bob!');
    await waitForBody(alice.page, 'Hello Bob!', 'sent');
    await waitForBody(bob.page, 'Hello Bob!');
    // Screen readers hear it through the polite live region.
    await bob.page.waitForFunction(() => document.querySelector('[aria-live="polite"][aria-atomic="true"]')?.textContent?.startsWith('alice: Hello Bob!'));
    await send(bob.page, 'Hi Alice');
    await waitForBody(alice.page, 'Hi Alice');

    const mine = await alice.page.$$eval('.msg.mine .body', (els) => els.map((e) => e.textContent?.trim()));
    expect(mine).toEqual(['Hello Bob!']);
    const b = await bob.page.evaluate(() => [...document.querySelectorAll('.msg')].map((e) => e.textContent));
    expect(b.some((t) => t?.includes('bob') && t.includes('joined'))).toBe(true);
    const times = await bob.page.$$eval('.msg time', (els) => els.map((e) => [e.getAttribute('datetime'), e.getAttribute('title')]));
    expect(times.every(([dt, title]) => dt && !Number.isNaN(Date.parse(dt)) && title && title.length > 10)).toBe(true);
    expect(await bob.page.$$eval('.message-list .day', (els) => els.map((e) => e.textContent))).toEqual(['Today']);
  });

  it('Shift+Enter makes a new line, empty messages are refused, and the counter appears near the limit', async () => {
    await alice.page.focus('.composer textarea');
    await alice.page.keyboard.type('line one');
    await alice.page.keyboard.down('Shift');
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.up('Shift');
    await alice.page.keyboard.type('line two');
    await alice.page.keyboard.press('Enter');
    await waitForBody(bob.page, 'line one\nline two');

    const before = (await bodies(alice.page)).length;
    await alice.page.keyboard.type('   ');
    await alice.page.keyboard.press('Enter');
    expect(await alice.page.$eval('.send', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect((await bodies(alice.page)).length).toBe(before);

    await alice.page.$eval('.composer textarea', (t) => {
      (t as HTMLTextAreaElement).value = 'x'.repeat(3990);
      t.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await alice.page.keyboard.type('y'.repeat(20));
    expect(await alice.page.$eval('.counter', (e) => e.textContent)).toMatch(/10 over the 4,000 limit/);
    expect(await alice.page.$eval('.send', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await alice.page.$eval('.composer textarea', (t) => {
      (t as HTMLTextAreaElement).value = '';
      t.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await alice.page.$('.counter')).toBeNull();
  });

  it('shows who is typing, and forgets them after a few seconds', async () => {
    await alice.page.focus('.composer textarea');
    await alice.page.keyboard.type('I am typ');
    await bob.page.waitForFunction(() => document.querySelector('.typing')?.textContent === 'alice is typing…');
    await bob.page.waitForFunction(() => document.querySelector('.typing')?.textContent === '', { timeout: 8000 });
    await alice.page.keyboard.press('Enter');
    await waitForBody(bob.page, 'I am typ');
  });

  it('names two people typing, and says “several people” for three or more', async () => {
    const [dan, erin] = await Promise.all([connect(server, typists.dan.token), connect(server, typists.erin.token)]);
    const lobby = (await call(dan, 'channel:join', { conversationId: await currentConversationId(bob.page) })).conversation.id;
    await call(erin, 'channel:join', { conversationId: lobby });
    const typingIs = (text: string) => bob.page.waitForFunction((t) => document.querySelector('.typing')?.textContent === t, {}, text);

    dan.emit('typing', { conversationId: lobby });
    await typingIs('dan is typing…');
    erin.emit('typing', { conversationId: lobby });
    await typingIs('dan and erin are typing…');
    await alice.page.focus('.composer textarea');
    await alice.page.keyboard.type('me too');
    await typingIs('several people are typing…');
    // One of them sends: the others are still typing.
    await call(dan, 'message:send', { conversationId: lobby, clientId: 'dan-1', body: 'done' });
    await typingIs('erin and alice are typing…');

    await alice.page.$eval('.composer textarea', (t) => {
      (t as HTMLTextAreaElement).value = '';
      t.dispatchEvent(new Event('input', { bubbles: true }));
    });
    dan.close();
    erin.close();
  });

  it('counts unread messages per conversation and clears them when opened', async () => {
    await createChannel(bob.page, 'random');
    await bob.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'random');
    await send(alice.page, 'one');
    await send(alice.page, 'two');
    await bob.page.waitForFunction(() => document.querySelector('.item .badge')?.textContent === '2');
    expect(await sidebarBadge(bob.page, 'lobby')).toBe('2');
    await openSidebarItem(bob.page, 'lobby');
    await bob.page.waitForFunction(() => !document.querySelector('.item .badge'));
    await waitForBody(bob.page, 'two');
  });

  it('a reload lands in the conversation you were in, on another device too', async () => {
    await openSidebarItem(bob.page, 'random');
    await bob.page.reload();
    await waitForApp(bob.page);
    await bob.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'random');
    expect(await bob.page.$eval('.item[aria-current="page"] .item-label', (e) => e.textContent)).toBe('random');

    // A second tab in the same session is "another device" for the server.
    const other = await bob.context.newPage();
    await other.goto(server.url);
    await waitForApp(other);
    expect(await currentTitle(other)).toBe('random');
    await other.close();
  });

  it('opens a DM from the people directory, and a group DM from the new-message dialog', async () => {
    const carol = await userPage(chromium.browser, server.url, 'carol2');
    await messagePerson(alice.page, 'bob');
    await send(alice.page, 'psst, bob');
    // The DM appears in bob's sidebar, then its unread count with the message.
    await bob.page.waitForFunction(() =>
      [...document.querySelectorAll('.sidebar .item')].some((e) => e.querySelector('.item-label')?.textContent === 'alice' && e.querySelector('.badge')),
    );
    expect(await sidebarBadge(bob.page, 'alice')).toBe('1');
    await openSidebarItem(bob.page, 'alice');
    await waitForBody(bob.page, 'psst, bob');
    await send(bob.page, 'what is it?');
    await waitForBody(alice.page, 'what is it?');

    await alice.page.click('button[aria-label="New direct message"]');
    await alice.page.waitForSelector('dialog[open] .pick-list');
    await clickText(alice.page, 'dialog .pick span', 'bob');
    await clickText(alice.page, 'dialog .pick span', 'carol2');
    await alice.page.click('dialog button[type="submit"]');
    await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'bob, carol2');
    await send(alice.page, 'group hello');
    await carol.page.waitForFunction(() => [...document.querySelectorAll('.item-label')].some((e) => e.textContent === 'alice, bob'));
    await openSidebarItem(carol.page, 'alice, bob');
    await waitForBody(carol.page, 'group hello');
    await carol.context.close();
  });

  it('invites to a private channel, lists members, and removal makes the channel vanish at once', async () => {
    await createChannel(alice.page, 'secret', { private: true, topic: 'shh' });
    await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'secret');
    await alice.page.click('.members-button');
    await alice.page.waitForSelector('dialog[open] #invite-username');
    await alice.page.type('#invite-username', 'nobody_here');
    await alice.page.keyboard.press('Enter');
    await alice.page.waitForSelector('dialog .field-error');
    await fill(alice.page, '#invite-username', 'bob');
    await alice.page.keyboard.press('Enter');
    await alice.page.waitForFunction(() => [...document.querySelectorAll('dialog .member-name')].some((e) => e.textContent?.startsWith('bob')));

    await bob.page.waitForFunction(() => [...document.querySelectorAll('.item-label')].some((e) => e.textContent === 'secret'));
    expect(await bob.page.evaluate(() => [...document.querySelectorAll('.item')].find((e) => e.textContent?.includes('secret'))?.querySelector('svg path')?.getAttribute('d'))).toContain('M7 11V8');
    await openSidebarItem(bob.page, 'secret');
    await send(bob.page, 'thanks for the invite');
    await waitForBody(alice.page, 'thanks for the invite');

    // Bob cannot remove anyone: he did not create the channel.
    await bob.page.click('.members-button');
    await bob.page.waitForSelector('dialog[open] .member-list li');
    expect(await bob.page.$('dialog button[aria-label^="Remove"]')).toBeNull();
    await bob.page.keyboard.press('Escape');

    await alice.page.click('dialog button[aria-label="Remove bob from #secret"]');
    await bob.page.waitForFunction(() => ![...document.querySelectorAll('.item-label')].some((e) => e.textContent === 'secret'));
    expect(await currentTitle(bob.page)).not.toBe('secret');
    await bob.page.waitForSelector('.toast');
    await alice.page.keyboard.press('Escape');
  });

  it('leaves a channel from its details dialog', async () => {
    await openSidebarItem(bob.page, 'random');
    await bob.page.click('.members-button');
    await clickText(bob.page, 'dialog button', 'Leave #random');
    await bob.page.waitForFunction(() => ![...document.querySelectorAll('.item-label')].some((e) => e.textContent === 'random'));
    expect(await sidebarLabels(bob.page)).toContain('lobby');
  });

  it('is keyboard usable: Alt+↓ moves between conversations, Ctrl+K jumps, Esc closes', async () => {
    await openSidebarItem(alice.page, 'lobby');
    const order = await alice.page.$$eval('.sidebar .item[data-conversation] .item-label', (els) => els.map((e) => e.textContent));
    const at = order.indexOf('lobby');
    await alice.page.keyboard.down('Alt');
    await alice.page.keyboard.press('ArrowDown');
    await alice.page.keyboard.up('Alt');
    await alice.page.waitForFunction((t) => document.querySelector('.pane-title .title-text')?.textContent === t, {}, order[(at + 1) % order.length]);

    await alice.page.keyboard.down('Control');
    await alice.page.keyboard.press('k');
    await alice.page.keyboard.up('Control');
    await alice.page.waitForSelector('dialog[open] .switcher-input');
    await alice.page.keyboard.type('lob');
    await alice.page.keyboard.press('Enter');
    await alice.page.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'lobby');

    await alice.page.click('button[aria-label="Create channel"]');
    await alice.page.waitForSelector('dialog[open]');
    await alice.page.keyboard.press('Escape');
    await alice.page.waitForFunction(() => !document.querySelector('dialog[open]'));

    // Every button has an accessible name.
    const unnamed = await alice.page.$$eval('button', (els) =>
      els.filter((b) => !(b.getAttribute('aria-label') || b.textContent?.trim())).map((b) => b.outerHTML),
    );
    expect(unnamed).toEqual([]);
  });
});
