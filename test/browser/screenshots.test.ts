// Screenshots of a lived-in workspace (light, dark, phone) for review and for the README.
// They land in .artifacts/screenshots/; docs/screenshot.png is copied from there by hand.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, signUp, startTestServer, type TestServer } from '../helpers/flack.js';
import { anonymousPage, browserAvailable, launch, openSidebarItem, screenshotDir, userIdOf, userPage, type Launched, type UserPage } from './harness.js';

async function seedWorkspace(server: TestServer) {
  const people = await Promise.all(['jonas', 'priya', 'sam', 'lena'].map(async (name) => {
    const auth = await signUp(server, name);
    return { name, socket: await connect(server, auth.token) };
  }));
  const [jonas, priya, sam] = people as [typeof people[0], typeof people[0], typeof people[0]];
  const { conversation: design } = await call(jonas.socket, 'channel:create', {
    name: 'design',
    topic: 'Mockups, reviews and the occasional font debate',
    visibility: 'public',
  });
  await call(priya.socket, 'channel:join', { conversationId: design.id });
  await call(sam.socket, 'channel:join', { conversationId: design.id });
  const { conversation: launchPlan } = await call(priya.socket, 'channel:create', { name: 'launch-plan', topic: 'Q3 launch', visibility: 'private' });
  const { conversation: random } = await call(sam.socket, 'channel:create', { name: 'random', visibility: 'public' });
  return { people, design, launchPlan, random };
}

describe.skipIf(!browserAvailable('chromium'))('screenshots', () => {
  let server: TestServer;
  let chromium: Launched;
  let maya: UserPage;
  let dir: string;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launch('chromium')]);
    dir = screenshotDir();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('captures the sign-in page', async () => {
    const { page, context } = await anonymousPage(chromium.browser, server.url);
    await page.screenshot({ path: join(dir, 'signin-light.png') });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await page.screenshot({ path: join(dir, 'signin-dark.png') });
    await context.close();
  });

  it('captures a conversation in light, dark and at phone width', async () => {
    const seeded = await seedWorkspace(server);
    const [jonas, priya, sam] = seeded.people as [{ name: string; socket: Parameters<typeof call>[0] }, { name: string; socket: Parameters<typeof call>[0] }, { name: string; socket: Parameters<typeof call>[0] }];
    maya = await userPage(chromium.browser, server.url, 'maya');
    const mayaId = await userIdOf(jonas.socket, 'maya');
    await call(priya.socket, 'channel:invite', { conversationId: seeded.launchPlan.id, username: 'maya' });
    const { conversation: dm } = await call(sam.socket, 'dm:open', { userIds: [mayaId] });
    await call(jonas.socket, 'channel:invite', { conversationId: seeded.design.id, username: 'maya' });

    let n = 0;
    const say = (who: { socket: Parameters<typeof call>[0] }, conversationId: number, body: string) =>
      call(who.socket, 'message:send', { conversationId, clientId: `shot-${n++}`, body });
    const d = seeded.design.id;
    await say(jonas, d, 'Morning! I pushed the new onboarding mockups to the shared folder.');
    await say(jonas, d, 'Three variants: the calm one, the playful one, and the one Sam will hate 😄');
    await say(priya, d, 'Looking now. The calm one reads so much better on small screens.');
    await say(sam, d, 'Hate is a strong word. I have *opinions*.');
    await say(sam, d, 'The contrast on the secondary buttons is too low though, we should check it against WCAG AA.');
    await say(jonas, d, 'Good catch. I will bump it to 4.5:1 and share an update before the review at 3.');
    await say(priya, seeded.launchPlan.id, 'Draft timeline is in the doc, comments welcome.');
    await say(sam, dm.id, 'Do you have a minute to pair on the release notes?');
    await say(sam, seeded.random.id, 'Who took the last oat milk?');

    await openSidebarItem(maya.page, 'design');
    await maya.page.focus('.composer textarea');
    await maya.page.keyboard.type('Love the calm variant. Can we keep the illustration from the playful one?');
    await maya.page.keyboard.press('Enter');
    await maya.page.waitForFunction(() => !document.querySelector('.msg.pending'));
    await say(jonas, d, 'Yes! I will merge them, @maya.');
    await maya.page.focus('.composer textarea');
    await maya.page.keyboard.type('Perfect, thank you');
    // priya types, so the indicator shows.
    await priya.socket.emit('typing', { conversationId: d });
    await maya.page.waitForFunction(() => document.querySelector('.typing')?.textContent?.includes('priya'));
    await maya.page.screenshot({ path: join(dir, 'workspace-light.png') });

    await maya.page.setOfflineMode(true);
    await maya.page.waitForFunction(() => document.querySelector('.banner')?.textContent === 'You are offline.');
    await new Promise((r) => setTimeout(r, 250)); // the banner's entrance animation
    await maya.page.screenshot({ path: join(dir, 'offline-light.png') });
    await maya.page.setOfflineMode(false);
    await maya.page.waitForFunction(() => !document.querySelector('.banner'));

    await maya.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await maya.page.screenshot({ path: join(dir, 'workspace-dark.png') });

    await maya.page.click('.members-button');
    await maya.page.waitForSelector('dialog[open] .member-list li');
    await new Promise((r) => setTimeout(r, 300)); // the dialog's entrance animation
    await maya.page.screenshot({ path: join(dir, 'details-dark.png') });
    await maya.page.keyboard.press('Escape');

    await maya.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await maya.page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await new Promise((r) => setTimeout(r, 200));
    await maya.page.screenshot({ path: join(dir, 'phone-light.png') });
    await maya.page.click('.menu-button');
    await new Promise((r) => setTimeout(r, 400));
    await maya.page.screenshot({ path: join(dir, 'phone-drawer-light.png') });
    expect(await maya.page.$eval('.sidebar', (e) => getComputedStyle(e).visibility)).toBe('visible');
    await maya.page.keyboard.press('Escape');
    await maya.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await new Promise((r) => setTimeout(r, 300));
    await maya.page.screenshot({ path: join(dir, 'phone-dark.png') });
  });
});
