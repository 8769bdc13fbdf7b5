// Attention in Chromium: @channel in a big channel asks first, naming someone outside a private channel tells the
// author they were not notified, the title counts mentions, and a draft never outlives its author's session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newClient, PASSWORD, signUp, startTestServer, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { anonymousPage, browserAvailable, clickText, launch, openSidebarItem, socketOf, userPage, waitForApp, waitForBody, type Launched, type UserPage } from './harness.js';
import { CONFIRM_EVERYONE_OVER } from '../../src/web/state/compose.js';

/** The unread total and mentions the title counts: "(3 · @1) #x · Flack" is [3, 1]. */
const titleCounts = async (u: UserPage): Promise<[number, number]> => {
  const m = /^\((\d+)(?: · @(\d+))?\) /.exec(await u.page.title());
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : [0, 0];
};
const untilTitleCounts = (u: UserPage, want: number[]) =>
  u.page.waitForFunction(
    (w) => {
      const m = /^\((\d+)(?: · @(\d+))?\) /.exec(document.title);
      const got = m ? [Number(m[1]), Number(m[2] ?? 0)] : [0, 0];
      return got[0] === w[0] && got[1] === w[1];
    },
    {},
    want,
  );
const composerText = (u: UserPage) => u.page.$eval('.composer[data-surface="main"] textarea', (e) => (e as HTMLTextAreaElement).value);

describe.skipIf(!browserAvailable('chromium'))('attention, in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let alice: UserPage;
  let aliceSocket: ClientSocket;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    alice = await userPage(chromium.browser, server.url, 'alice');
    aliceSocket = await socketOf(server, alice);
    // Everyone starts in #general: make it a channel big enough to ask before notifying all of it.
    for (let i = 0; i < CONFIRM_EVERYONE_OVER; i++) await signUp(server, `member${i}`);
    await signUp(server, 'bob');
  }, 60_000);
  afterAll(async () => {
    aliceSocket?.close();
    await chromium?.close();
    await server?.close();
  });

  it('asks before @channel in a channel of more than 20; cancelling keeps the draft, confirming sends it', async () => {
    const page = alice.page;
    await openSidebarItem(page, 'general');
    await page.waitForFunction((n) => Number(document.querySelector('.members-button')?.textContent) > n, {}, CONFIRM_EVERYONE_OVER);
    await page.focus('.composer textarea');
    await page.keyboard.type('@channel standup in 5');
    await page.keyboard.press('Escape'); // the mention list, if open
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open] .confirm-text');
    expect(await page.$eval('dialog[open] h2', (e) => e.textContent)).toBe('Notify everyone in #general?');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    expect(await composerText(alice)).toBe('@channel standup in 5');

    await page.focus('.composer textarea');
    await page.keyboard.press('Enter');
    await clickText(page, 'dialog[open] button', 'Send and notify');
    await waitForBody(page, '@channel standup in 5', 'sent');
    expect(await composerText(alice)).toBe('');
    // A plain message is sent without asking.
    await page.focus('.composer textarea');
    await page.keyboard.type('thanks all');
    await page.keyboard.press('Enter');
    await waitForBody(page, 'thanks all', 'sent');
    expect(await page.$('dialog[open]')).toBeNull();
  });

  it('naming someone outside a private channel says they were not notified', async () => {
    await call(aliceSocket, 'channel:create', { name: 'secret', visibility: 'private' });
    await alice.page.waitForFunction(() => [...document.querySelectorAll('.item-label')].some((e) => e.textContent === 'secret'));
    await openSidebarItem(alice.page, 'secret');
    await alice.page.focus('.composer textarea');
    await alice.page.keyboard.type('@bob have a look ');
    await alice.page.keyboard.press('Enter');
    await alice.page.waitForFunction(() => document.querySelector('.toast')?.textContent === '@bob is not in #secret, so was not notified.');
    await waitForBody(alice.page, '@bob have a look', 'sent');
  });

  it('your default level for channels is chosen in the account menu, kept on the server, and what a channel without its own follows', async () => {
    const page = alice.page;
    const { conversation: quiet } = await call(aliceSocket, 'channel:create', { name: 'defaults', visibility: 'public' });
    await page.waitForFunction(() => [...document.querySelectorAll('.item-label')].some((e) => e.textContent === 'defaults'));
    const told = new Promise((resolve) => aliceSocket.once('notifyDefaults', resolve));
    await page.click('.sidebar-foot button.me');
    await page.waitForSelector('dialog[open] #default-level-channel');
    expect(await page.$eval('dialog[open] #default-level-channel', (e) => (e as HTMLSelectElement).value)).toBe('mentions');
    await page.select('dialog[open] #default-level-channel', 'all');
    // Another device of alice's (the socket) is told, and its next snapshot has it.
    expect(await told).toEqual({ dm: 'all', channel: 'all' });
    expect((await call(aliceSocket, 'state', {})).notifyDefaults).toEqual({ dm: 'all', channel: 'all' });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    await page.click('.sidebar button[aria-label="More actions for defaults"]');
    await page.waitForFunction(() => [...document.querySelectorAll('.menu-item')].some((e) => e.textContent === '✓ Notify me of every message'));
    await page.keyboard.press('Escape');
    await call(aliceSocket, 'notify:defaults', { channel: 'mentions' });
    expect((await call(aliceSocket, 'state', {})).conversations.find((c) => c.id === quiet.id)?.notify).toBeUndefined();
  });

  it('muting a channel takes it out of the unread total and the title; a mention still shows; every device is told', async () => {
    const page = alice.page;
    const bob = await newClient(server, 'muter-friend');
    const { conversation: noisy } = await call(aliceSocket, 'channel:create', { name: 'noisy', visibility: 'public' });
    await call(bob.socket, 'channel:join', { conversationId: noisy.id });
    await openSidebarItem(page, 'secret');
    await page.click('.sidebar button[aria-label="More actions for noisy"]');
    await clickText(page, '.menu-item', 'Mute #noisy');
    await page.waitForSelector('.sidebar .item.muted');
    const [unread, mentions] = await titleCounts(alice);
    // The server kept it: another device (the socket) sees it in its snapshot.
    expect((await call(aliceSocket, 'state', {})).conversations.find((c) => c.id === noisy.id)).toMatchObject({ muted: true });

    await call(bob.socket, 'message:send', { conversationId: noisy.id, clientId: 'noise-1', body: 'chatter' });
    await call(bob.socket, 'message:send', { conversationId: noisy.id, clientId: 'noise-2', body: 'more chatter' });
    // A later mention in another channel is counted: by then the chatter has arrived and was not.
    const { conversation: other } = await call(bob.socket, 'channel:create', { name: 'elsewhere', visibility: 'public' });
    await call(aliceSocket, 'channel:join', { conversationId: other.id });
    await call(bob.socket, 'message:send', { conversationId: other.id, clientId: 'noise-3', body: 'hi @alice' });
    await untilTitleCounts(alice, [unread + 1, mentions + 1]);
    const noisyItem = await page.$$eval('.sidebar .item', (els) =>
      els.filter((e) => e.querySelector('.item-label')?.textContent === 'noisy').map((e) => ({ muted: e.classList.contains('muted'), badge: e.querySelector('.badge')?.textContent ?? null })),
    );
    expect(noisyItem).toEqual([{ muted: true, badge: null }]);
    // A mention in the muted channel still shows its badge (bob's join, the chatter and the mention).
    await call(bob.socket, 'message:send', { conversationId: noisy.id, clientId: 'noise-4', body: '@alice you there?' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.sidebar .item.muted')].some((e) => e.querySelector('.badge.mention')?.textContent === '4'),
    );
    await page.click('.sidebar button[aria-label="More actions for noisy"]');
    await clickText(page, '.menu-item', 'Unmute #noisy');
    // Unmuted, its unread messages count again: bob's join, the chatter and the mention.
    await untilTitleCounts(alice, [unread + 1 + 4, mentions + 2]);
    bob.socket.close();
  });

  it('a draft started on one device is there on another, and sending it there clears it on the first', async () => {
    const page = alice.page;
    await openSidebarItem(page, 'general');
    await page.focus('.composer textarea');
    await page.keyboard.type('started on my laptop');
    // Another device signs in (after the draft was kept: a second after typing stops).
    await new Promise((r) => setTimeout(r, 1500));
    const { page: phone, context } = await anonymousPage(chromium.browser, server.url);
    await phone.type('#auth-username', 'alice');
    await phone.type('#auth-password', PASSWORD);
    await phone.click('button[type="submit"]');
    await waitForApp(phone);
    await openSidebarItem(phone, 'general');
    await phone.waitForFunction(() => (document.querySelector('.composer textarea') as HTMLTextAreaElement).value === 'started on my laptop');
    await phone.focus('.composer textarea');
    await phone.keyboard.type(', finished on my phone');
    await phone.keyboard.press('Enter');
    await waitForBody(page, 'started on my laptop, finished on my phone');
    await page.waitForFunction(() => (document.querySelector('.composer textarea') as HTMLTextAreaElement).value === '');
    await context.close();
  });

  it('a draft is not shown to the next person who signs in on this browser', async () => {
    const page = alice.page;
    await openSidebarItem(page, 'general');
    await page.focus('.composer textarea');
    await page.keyboard.type('half a thought');
    await openSidebarItem(page, 'secret');
    await openSidebarItem(page, 'general');
    expect(await composerText(alice)).toBe('half a thought');

    await page.click('button[aria-label="Sign out"]');
    await page.waitForSelector('#auth-username');
    await page.type('#auth-username', 'bob');
    await page.type('#auth-password', PASSWORD);
    await page.click('button[type="submit"]');
    await waitForApp(page);
    await openSidebarItem(page, 'general');
    expect(await composerText(alice)).toBe('');
  });
});
