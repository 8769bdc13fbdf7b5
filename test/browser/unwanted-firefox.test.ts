// Blocking, again in Firefox (WebDriver BiDi): the DM's ⋯ menu (a native popover) and the confirmation block the
// other person, whose message is refused with the server's reason; unblocking from the bar lets it through.
import { describe, expect, it } from 'vitest';
import { browserAvailable, clickText, messagePerson, send, twoUsersIn, waitForBody } from './harness.js';
import { chooseMenuItem, dialogButton, dialogText, openRowMenu, untilDmRows } from './unwanted-harness.js';

describe.skipIf(!browserAvailable('firefox'))('blocking, in Firefox', () => {
  const world = twoUsersIn('firefox');

  it('a blocked person cannot write in the DM, with the reason shown; unblocking lets the message through', async () => {
    const { alice, bob } = world;
    await bob.page.bringToFront();
    await messagePerson(bob.page, 'alice');
    await send(bob.page, 'hi from the fox');
    await untilDmRows(alice.page, (rows) => rows.includes('bob'), 'showed bob');

    await openRowMenu(alice.page, 'bob');
    await chooseMenuItem(alice.page, 'Block bob');
    expect(await dialogText(alice.page)).toContain('bob will not be able to start a direct message with you');
    await dialogButton(alice.page, 'Block bob');
    await alice.page.waitForFunction(() => !document.querySelector('dialog[open]'));

    await bob.page.bringToFront();
    await send(bob.page, 'still there?');
    await bob.page.waitForFunction(() => document.querySelector('.msg.failed .status-line')?.textContent?.includes('Not sent: One of you blocked the other.'));

    await clickText(alice.page, '.sidebar .item .item-label', 'bob');
    await alice.page.bringToFront();
    await clickText(alice.page, '.blocked-bar button', 'Unblock bob');
    await alice.page.waitForSelector('.pane .composer textarea');
    await bob.page.bringToFront();
    await clickText(bob.page, '.msg.failed .status-line button', 'Retry');
    await waitForBody(bob.page, 'still there?', 'sent');
    await waitForBody(alice.page, 'still there?');
  }, 60_000);
});
