// A thread reply also sent to the channel, again in Firefox (WebDriver BiDi): ticked by keyboard, the copy live in
// #general for the other user, "View thread" opens the thread, and an edit and a delete of the copy reach both halves.
import { describe, expect, it } from 'vitest';
import { DELETED, MAIN, THREAD, deleteVia, messageAction, rowHandle, rowWith, typeEdit, untilRows } from './changes-harness.js';
import { browserAvailable, send, twoUsersIn, waitForBody } from './harness.js';
import { ALSO_TO_CHANNEL, fromThreadOf, openThreadOf, replyAlsoToChannel } from './threads-harness.js';

describe.skipIf(!browserAvailable('firefox'))('a thread reply also sent to the channel, in Firefox', () => {
  const world = twoUsersIn('firefox');

  it('the copy shows live for the other user, opens its thread, and follows its reply when edited and deleted', async () => {
    const { alice, bob } = world;
    await send(bob.page, 'fox root');
    await waitForBody(alice.page, 'fox root');
    await alice.page.bringToFront();
    await openThreadOf(alice.page, 'fox root');
    await replyAlsoToChannel(alice.page, 'fox copy');
    await untilRows(alice.page, (rs) => rowWith('fox copy')(rs) !== undefined, 10_000, THREAD);
    await alice.page.waitForFunction((s) => document.querySelector<HTMLInputElement>(s)?.checked === false, {}, ALSO_TO_CHANNEL);

    await untilRows(bob.page, (rs) => rowWith('fox copy')(rs) !== undefined, 10_000, MAIN);
    expect(await fromThreadOf(bob.page, 'fox copy')).toBe('replied to a thread: fox rootView thread');
    await bob.page.bringToFront();
    await (await (await rowHandle(bob.page, 'fox copy', MAIN)).waitForSelector('.from-thread button'))!.click();
    await untilRows(bob.page, (rs) => rs.map((r) => r.body).join('|') === 'fox copy', 10_000, THREAD);

    await messageAction(alice.page, 'fox copy', 'Edit message', MAIN);
    await typeEdit(alice.page, 'fox copy, edited');
    await untilRows(bob.page, (rs) => rowWith('fox copy, edited')(rs)?.edited === true, 10_000, MAIN);
    await untilRows(bob.page, (rs) => rowWith('fox copy, edited')(rs)?.edited === true, 10_000, THREAD);

    await deleteVia(alice.page, 'fox copy, edited', MAIN);
    await untilRows(bob.page, (rs) => rs.length === 1 && rs[0]!.body === DELETED, 10_000, THREAD);
    const main = await untilRows(bob.page, (rs) => !rowWith('fox copy, edited')(rs), 10_000, MAIN);
    expect(main.map((r) => r.body)).toEqual(['fox root', DELETED]);
  }, 60_000);
});
