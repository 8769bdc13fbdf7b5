// Running a team in a real browser, the same suite in Chromium and Firefox, on a fresh install (no test default
// open sign-up): the first account owns the workspace and sees the admin console; it makes a member and a guest
// invite link; each newcomer signs up through their link; the guest sees only the channel of the invite; the owner
// may delete anyone's message; a role change reaches the open tab of the person it is about; a deactivation signs
// them out on the spot, a reactivation lets them back in; the audit log says all of it. Then the door: invite-only
// and closed workspaces offer no sign-up, a used or revoked link says so instead of a form, two admins saving
// settings at once are told rather than overwritten, and a mode the server locks cannot be changed. Last, the
// console's channels: an admin archives and deletes channels they are not in, and the members' sidebars follow.
// Screenshots of the console and the sign-in pages land in $TMPDIR/flack-admin-shots.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, PASSWORD, startTestServer, type TestServer } from '../helpers/flack.js';
import { seriousViolations } from './axe.js';
import {
  anonymousPage,
  browserAvailable,
  clickText,
  createChannel,
  fill,
  findPerson,
  launch,
  openPage,
  openSidebarItem,
  send,
  sidebarLabels,
  userPage,
  waitForApp,
  waitForBody,
  type BrowserKind,
  type Launched,
} from './harness.js';

const SHOTS = join(tmpdir(), 'flack-admin-shots');

/** Until some element of `selector` has text that includes `text`. */
const untilText = (page: Page, selector: string, text: string) =>
  page.waitForFunction((s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent?.includes(t)), {}, selector, text);

/** The labels of the action bar of the message with this body. */
const actionsOn = (page: Page, body: string) =>
  page.$$eval(
    '.message-list .msg',
    (rows, b) => [...(rows.find((r) => r.querySelector('.body')?.textContent?.trim() === b)?.querySelectorAll('.msg-actions button') ?? [])].map((x) => x.getAttribute('aria-label')),
    body,
  );

const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent?.trim() ?? ''));

async function signUpHere(page: Page, username: string): Promise<void> {
  await page.type('#auth-username', username);
  await page.type('#auth-password', PASSWORD);
  await page.click('.auth-card button[type="submit"]');
  await waitForApp(page);
}

/** The admin console, on one of its tabs (opened from the sidebar if it is not open). */
async function consoleTab(page: Page, tab: 'People' | 'Channels' | 'Invites' | 'Settings' | 'Audit log'): Promise<void> {
  await page.bringToFront();
  if (!(await page.$('dialog[open] .admin-tabs'))) {
    await clickText(page, '.sidebar .item-label', 'Admin console');
    await page.waitForSelector('dialog[open] .admin-tabs');
  }
  await clickText(page, 'dialog[open] [role="tab"]', tab);
  await page.waitForFunction((t) => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === t, {}, tab);
}

/** Creates an invite link in the console's Invites tab; returns the link it shows. */
async function makeInvite(page: Page, opts: { guestChannel?: string }): Promise<string> {
  await consoleTab(page, 'Invites');
  const before = await page.$eval('.new-invite .invite-link-text', (e) => (e as HTMLInputElement).value).catch(() => '');
  if (opts.guestChannel) {
    await page.click('input[name="invite-role"][value="guest"]');
    await clickText(page, '.invite-channels .pick span', opts.guestChannel);
  } else {
    await page.click('input[name="invite-role"][value="member"]');
  }
  await page.click('.invite-form button[type="submit"]');
  const link = await page.waitForFunction(
    (old) => {
      const value = document.querySelector<HTMLInputElement>('.new-invite .invite-link-text')?.value;
      return value && value !== old ? value : null;
    },
    {},
    before,
  );
  return (await link.jsonValue()) as string;
}

/** A fresh context (no session) opening `url`, the sign-in page showing. */
async function visitor(contexts: BrowserContext[], launched: Launched, url: string): Promise<Page> {
  const context = await launched.browser.createBrowserContext();
  contexts.push(context);
  const page = await openPage(context, url);
  await page.waitForSelector('.auth-card');
  return page;
}

async function shot(page: Page, kind: BrowserKind, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.bringToFront();
  // The dialog's entrance animation has finished: the picture is what stays on screen.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished' || a.effect?.getComputedTiming().iterations === Infinity));
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  await page.screenshot({ path: join(SHOTS, `${kind}-${name}.png`) });
}

export function adminSuite(kind: BrowserKind): void {
  describe.skipIf(!browserAvailable(kind))(`running a team in ${kind}`, () => {
    let server: TestServer;
    let launched: Launched;
    const contexts: BrowserContext[] = [];
    let owner: Page;
    /** mia: a member, then an admin; her tab stays open for the channels test. */
    let member: Page;
    const links = { member: '', guest: '' };

    beforeAll(async () => {
      // A real fresh install: the mode is the workspace's own, nobody has signed up, the first becomes owner.
      [server, launched] = await Promise.all([startTestServer({ signUpMode: undefined }), launch(kind)]);
    }, 60_000);
    afterAll(async () => {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await launched?.close();
      await server?.close();
    });

    it('the first account owns the workspace, brings in a member and a guest by invite links, and deactivates the member, whose tab signs out at once', async () => {
      const first = await anonymousPage(launched.browser, server.url);
      contexts.push(first.context);
      owner = first.page;
      await untilText(owner, '.auth-switch', 'Nobody is here yet.');
      await clickText(owner, '.auth-switch button', 'Create an account');
      await untilText(owner, '.auth-lead', 'You are the first here: your account will own this workspace.');
      await signUpHere(owner, 'olivia');

      await consoleTab(owner, 'People');
      await owner.waitForSelector('li.admin-person[data-user="olivia"] .role-owner');
      // Nobody changes their own role, nor deactivates themselves.
      expect(await owner.$eval('li[data-user="olivia"] select', (s) => (s as HTMLSelectElement).disabled)).toBe(true);
      expect(await owner.$('li[data-user="olivia"] button')).toBeNull();
      await owner.keyboard.press('Escape');
      await owner.waitForFunction(() => !document.querySelector('dialog[open]'));

      await createChannel(owner, 'clients', { private: true });
      await owner.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'clients');

      links.member = await makeInvite(owner, {});
      links.guest = await makeInvite(owner, { guestChannel: 'clients' });
      expect(links.member).toMatch(new RegExp(`^${server.url}/#/invite/[^/]+$`));
      expect(links.guest).not.toBe(links.member);
      await untilText(owner, '.invite-list', 'Guest link');
      expect(await texts(owner, '.invite-list .invite-facts')).toEqual([expect.stringContaining('0/1 used'), expect.stringContaining('0/10 used')]);
      await shot(owner, kind, 'console-invites');
      // "Copy link" copies, or (where the browser refuses the clipboard) shows the link to copy by hand.
      await owner.click('.invite-list .invite-row:last-child .invite-link button');
      await owner.waitForFunction(() => document.querySelector('.invite-list .invite-row:last-child .invite-copied')?.textContent);
      const copied = await owner.$eval('.invite-list .invite-row:last-child', (row) => ({
        said: row.querySelector('.invite-copied')?.textContent,
        field: row.querySelector<HTMLInputElement>('.invite-link-text')?.value ?? null,
      }));
      expect(copied.said === 'Copied.' ? null : copied.field).toBe(copied.said === 'Copied.' ? null : links.member);
      await owner.$eval('.invite-list', (e) => e.scrollIntoView());
      await shot(owner, kind, 'console-invite-list');
      expect(await seriousViolations(owner)).toEqual([]);

      // The member: the link's page names who invited them, signs them up, and leaves the address clean.
      member = await visitor(contexts, launched, links.member);
      await untilText(member, '.auth-lead', 'olivia invited you to join');
      expect(await member.$eval('.auth-lead', (e) => e.textContent)).not.toContain('as a guest');
      await signUpHere(member, 'mia');
      expect(await member.evaluate(() => location.hash)).toBe('');
      await member.waitForFunction(() => [...document.querySelectorAll('.sidebar .item-label')].some((e) => e.textContent === 'general'));

      // The guest: only the channel of the invite; no #general, no browsing, no creating.
      const guest = await visitor(contexts, launched, links.guest);
      await untilText(guest, '.auth-lead', 'as a guest');
      await shot(guest, kind, 'invite-signup');
      expect(await seriousViolations(guest)).toEqual([]);
      await signUpHere(guest, 'gus');
      await guest.waitForFunction(() => [...document.querySelectorAll('.sidebar .item-label')].some((e) => e.textContent === 'clients'));
      const guestSees = await sidebarLabels(guest);
      expect(guestSees).not.toContain('general');
      expect(guestSees).not.toContain('Browse channels');
      expect(guestSees).not.toContain('Admin console');
      expect(await guest.$('button[aria-label="Create channel"]')).toBeNull();

      // An owner may delete anyone's message (not edit it); a guest only their own.
      await owner.bringToFront();
      await owner.keyboard.press('Escape');
      await owner.waitForFunction(() => !document.querySelector('dialog[open]'));
      await send(owner, 'welcome, gus');
      await openSidebarItem(guest, 'clients');
      await send(guest, 'hello from gus');
      await waitForBody(owner, 'hello from gus');
      await waitForBody(guest, 'welcome, gus');
      expect(await actionsOn(owner, 'hello from gus')).toContain('Delete message');
      expect(await actionsOn(owner, 'hello from gus')).not.toContain('Edit message');
      expect(await actionsOn(guest, 'welcome, gus')).not.toContain('Delete message');
      expect(await actionsOn(guest, 'hello from gus')).toEqual(expect.arrayContaining(['Edit message', 'Delete message']));

      // The people directory says who is a guest.
      await findPerson(owner, 'gus');
      await owner.waitForFunction(() =>
        [...document.querySelectorAll('dialog[open] .person')].some((p) => p.querySelector('.item-label')?.textContent === 'gus' && p.querySelector('.role-guest')),
      );
      await owner.keyboard.press('Escape');

      // A role change reaches the open tab: mia's reconnects with an admin's rights.
      await consoleTab(owner, 'People');
      await owner.waitForSelector('li[data-user="mia"] select');
      await owner.waitForSelector('li[data-user="gus"] .role-guest');
      await shot(owner, kind, 'console-people');
      expect(await seriousViolations(owner)).toEqual([]);
      await owner.select('li[data-user="mia"] select', 'admin');
      await owner.waitForSelector('li[data-user="mia"] .role-admin');
      await member.bringToFront();
      await member.waitForFunction(() => [...document.querySelectorAll('.sidebar .item-label')].some((e) => e.textContent === 'Admin console'));

      // Deactivated: mia's open tab is on the sign-in page at once, saying why.
      await owner.bringToFront();
      await owner.click('li[data-user="mia"] button[aria-label="Deactivate mia"]');
      await owner.waitForSelector('li.admin-person.deactivated[data-user="mia"]');
      await member.bringToFront();
      await member.waitForSelector('.auth-card');
      await member.waitForFunction(() => /deactivated|session has ended/.test(document.querySelector('.auth-notice')?.textContent ?? ''));
      expect(await member.$('.sidebar')).toBeNull();

      // Reactivated, mia signs in again on the same page.
      await owner.bringToFront();
      await owner.click('li[data-user="mia"] button[aria-label="Reactivate mia"]');
      await owner.waitForSelector('li.admin-person:not(.deactivated)[data-user="mia"]');
      await member.bringToFront();
      await member.type('#auth-username', 'mia');
      await member.type('#auth-password', PASSWORD);
      await member.click('.auth-card button[type="submit"]');
      await waitForApp(member);

      await consoleTab(owner, 'Audit log');
      for (const line of [
        'olivia signed up',
        'olivia created a member invite',
        'olivia created a guest invite',
        'mia signed up through an invite',
        'gus signed up through an invite',
        "olivia changed mia's role from member to admin",
        'olivia deactivated mia',
        'olivia reactivated mia',
      ]) {
        await untilText(owner, '.audit-entry .audit-text', line);
      }
      // Newest first.
      expect((await texts(owner, '.audit-entry .audit-text')).slice(0, 2)).toEqual(['olivia reactivated mia', 'olivia deactivated mia']);
      await shot(owner, kind, 'console-audit');
      expect(await seriousViolations(owner)).toEqual([]);
    }, 90_000);

    it('the sign-in page offers sign-up only as the workspace allows, and a link that no longer works says so instead of a form', async () => {
      // Settings: a new name and invite-only sign-up; the sidebar takes the name as it is saved.
      await consoleTab(owner, 'Settings');
      await fill(owner, '#workspace-name', 'Acme Studio');
      await fill(owner, '#workspace-icon', 'AC');
      await fill(owner, '#upload-limit', '2');
      await owner.click('input[name="signup-mode"][value="invite"]');
      await shot(owner, kind, 'console-settings');
      expect(await seriousViolations(owner)).toEqual([]);
      await owner.click('dialog[open] .admin-section button[type="submit"]');
      await untilText(owner, '.form-ok', 'Saved.');
      await owner.waitForFunction(() => document.querySelector('.sidebar .workspace-name')?.textContent === 'Acme Studio');
      await owner.waitForFunction(() => document.querySelector('.sidebar .brand .workspace-icon')?.textContent === 'AC');

      const door = await visitor(contexts, launched, server.url);
      expect(await door.$eval('.auth-card h1', (e) => e.textContent)).toBe('Acme Studio');
      expect(await door.$eval('.auth-card .brand .workspace-icon', (e) => e.textContent)).toBe('AC');
      await untilText(door, '.auth-switch', 'needs an invite link from an admin');
      expect(await texts(door, '.auth-switch button')).toEqual([]);
      await shot(door, kind, 'door-invite-only');

      // The guest link was for one person, and gus used it.
      const used = await visitor(contexts, launched, links.guest);
      await untilText(used, '.auth-invite-gone', 'expired, was used up or was revoked');
      expect(await used.$('#auth-username')).toBeNull();
      await shot(used, kind, 'invite-used');
      // "Sign in instead" leaves the link behind.
      await clickText(used, '.auth-card button', 'Sign in instead');
      await used.waitForSelector('#auth-username');
      expect(await used.evaluate(() => location.hash)).toBe('');

      // A revoked link is gone too.
      await consoleTab(owner, 'Invites');
      // The list is the server's again (the tab reloads it): the guest link, used, offers nothing; the member one is left.
      await untilText(owner, '.invite-row .invite-status', 'used up');
      await clickText(owner, '.invite-row.status-active button', 'Revoke');
      await owner.waitForFunction(() => !document.querySelector('.invite-row.status-active'));
      const revoked = await visitor(contexts, launched, links.member);
      await revoked.waitForSelector('.auth-invite-gone');

      // Another admin saves first: this form is told, and shows theirs rather than overwriting it.
      await consoleTab(owner, 'Settings');
      await fill(owner, '#workspace-name', 'Acme Two');
      const elsewhere = await connect(server, (await contexts[0]!.cookies()).find((c) => c.name === 'flack_session')!.value);
      const { workspace } = await call(elsewhere, 'state', {});
      await call(elsewhere, 'admin:settings', { version: workspace.version, signUpMode: 'closed' });
      elsewhere.close();
      await owner.click('dialog[open] .admin-section button[type="submit"]');
      await untilText(owner, 'dialog[open] .form-error', 'Someone else changed the settings');
      expect(await owner.$eval('#workspace-name', (e) => (e as HTMLInputElement).value)).toBe('Acme Studio');
      expect(await owner.$eval('input[name="signup-mode"][value="closed"]', (e) => (e as HTMLInputElement).checked)).toBe(true);

      // Closed: nobody signs up.
      const closed = await visitor(contexts, launched, server.url);
      await untilText(closed, '.auth-switch', 'not taking new accounts');
      expect(await texts(closed, '.auth-switch button')).toEqual([]);
    }, 60_000);

    it('a sign-up mode set by the server (SIGNUP_MODE) shows in the console but cannot be changed there', async () => {
      const locked = await startTestServer(); // the tests' default: open, and locked
      try {
        const boss = await userPage(launched.browser, locked.url, 'boss');
        contexts.push(boss.context);
        await consoleTab(boss.page, 'Settings');
        await untilText(boss.page, '#signup-locked', 'SIGNUP_MODE');
        expect(await boss.page.$eval('dialog[open] fieldset.admin-choice', (f) => (f as HTMLFieldSetElement).disabled)).toBe(true);
        expect(await boss.page.$eval('input[name="signup-mode"][value="open"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
        await boss.context.close();
      } finally {
        await locked.close();
      }
    }, 30_000);

    it('an admin archives, unarchives and deletes a public channel they are not in, from the console, and its members see it at once', async () => {
      // mia makes two channels (olivia is in neither); one is for announcements.
      await member.bringToFront();
      await createChannel(member, 'launch-plans', { topic: 'Dates, owners and the checklist for the spring launch, which keeps growing every single week' });
      await member.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'launch-plans');
      await createChannel(member, 'launch-party');
      await member.waitForFunction(() => document.querySelector('.pane-title .title-text')?.textContent === 'launch-party');
      const inSidebar = (name: string, shown: boolean) =>
        member.waitForFunction(
          (n, s) => [...document.querySelectorAll('.sidebar .item-label')].some((e) => e.textContent === n) === s,
          {},
          name,
          shown,
        );
      const elsewhere = await connect(server, (await contexts[0]!.cookies()).find((c) => c.name === 'flack_session')!.value);
      const { channels } = await call(elsewhere, 'channels:browse', { query: 'launch-party' });
      await call(elsewhere, 'channel:update', { conversationId: channels[0]!.id, announcement: true });
      elsewhere.close();

      await consoleTab(owner, 'Channels');
      await owner.waitForSelector('li.admin-channel[data-channel="general"]');
      await fill(owner, '#admin-channels-search', 'launch');
      await owner.waitForFunction(() => !document.querySelector('li.admin-channel[data-channel="general"]'));
      expect(await texts(owner, 'li.admin-channel .admin-channel-name')).toEqual(['#launch-party', '#launch-plans']);
      await owner.waitForSelector('li[data-channel="launch-party"] .announcement-tag');
      expect(await owner.$eval('li[data-channel="launch-plans"] .admin-channel-count', (e) => e.textContent)).toBe('1 member');
      // Private channels are their members' own: #clients is not listed.
      await fill(owner, '#admin-channels-search', 'cl');
      await untilText(owner, 'dialog[open] .empty-hint', 'No channel’s name starts with “cl”.');
      await fill(owner, '#admin-channels-search', '#launch-pl');
      await owner.waitForFunction(() => document.querySelectorAll('li.admin-channel').length === 1);

      // Archived: the row says so, and it leaves mia's sidebar.
      await owner.click('li[data-channel="launch-plans"] button[aria-label="Archive #launch-plans"]');
      await owner.waitForSelector('li.admin-channel.archived[data-channel="launch-plans"] .archived-tag');
      await inSidebar('launch-plans', false);
      await fill(owner, '#admin-channels-search', 'launch');
      await owner.waitForFunction(() => document.querySelectorAll('li.admin-channel').length === 2);
      await shot(owner, kind, 'console-channels');
      expect(await seriousViolations(owner)).toEqual([]);

      // Unarchived: back in her sidebar.
      await owner.click('li[data-channel="launch-plans"] button[aria-label="Unarchive #launch-plans"]');
      await owner.waitForSelector('li.admin-channel:not(.archived)[data-channel="launch-plans"] button[aria-label="Archive #launch-plans"]');
      expect(await owner.$('li[data-channel="launch-plans"] .archived-tag')).toBeNull();
      await inSidebar('launch-plans', true);

      // Deleting asks first; cancelled, nothing happens.
      await owner.click('li[data-channel="launch-party"] button[aria-label="Delete #launch-party"]');
      await untilText(owner, 'li[data-channel="launch-party"] .admin-confirm', 'Delete #launch-party and all its messages?');
      await shot(owner, kind, 'console-channels-confirm');
      expect(await seriousViolations(owner)).toEqual([]);
      await clickText(owner, 'li[data-channel="launch-party"] .admin-confirm button', 'Cancel');
      await owner.waitForFunction(() => !document.querySelector('.admin-confirm'));
      await owner.click('li[data-channel="launch-party"] button[aria-label="Delete #launch-party"]');
      await clickText(owner, 'li[data-channel="launch-party"] .admin-confirm button', 'Delete');
      await owner.waitForFunction(() => !document.querySelector('li[data-channel="launch-party"]'));
      expect(await texts(owner, 'li.admin-channel .admin-channel-name')).toEqual(['#launch-plans']);
      await inSidebar('launch-party', false);
      await inSidebar('launch-plans', true);
    }, 60_000);
  });
}
