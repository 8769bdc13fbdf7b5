// Threads again in Firefox (WebDriver BiDi): a reply shows live as a count under its root and in the other
// browser's open panel, the Threads badge comes and goes, and an edit, a reaction and a delete of a reply show live.
import { describe, expect, it } from 'vitest';
import { DELETED, MAIN, THREAD, deleteVia, messageAction, reactVia, rowHandle, rowWith, typeEdit, untilRows } from './changes-harness.js';
import { browserAvailable, send, twoUsersIn, waitForBody } from './harness.js';
import { openThreadOf, reply, untilSummary, untilThreadsBadge } from './threads-harness.js';

describe.skipIf(!browserAvailable('firefox'))('threads, in Firefox', () => {
  const world = twoUsersIn('firefox');

  it('replies, the badge, and changes to replies show live on the other browser', async () => {
    const { alice, bob } = world;
    await send(bob.page, 'fox root');
    await waitForBody(alice.page, 'fox root');
    await alice.page.bringToFront();
    await openThreadOf(alice.page, 'fox root');
    await reply(alice.page, 'fox reply');
    await untilSummary(bob.page, 'fox root', '1 reply');
    await untilThreadsBadge(bob.page, '1');

    await bob.page.bringToFront();
    await (await (await rowHandle(bob.page, 'fox root', MAIN)).$('.thread-summary'))!.click();
    await untilRows(bob.page, (rs) => rowWith('fox reply')(rs) !== undefined, 10_000, THREAD);
    await untilThreadsBadge(bob.page, null);

    await alice.page.bringToFront();
    await messageAction(alice.page, 'fox reply', 'Edit message', THREAD);
    await typeEdit(alice.page, 'fox reply, edited');
    await untilRows(bob.page, (rs) => rowWith('fox reply, edited')(rs)?.edited === true, 10_000, THREAD);

    await reactVia(bob.page, 'fox reply, edited', 'fox', THREAD);
    await untilRows(alice.page, (rs) => rowWith('fox reply, edited')(rs)?.reactions === '🦊1', 10_000, THREAD);

    await reply(alice.page, 'short-lived');
    await untilRows(bob.page, (rs) => rowWith('short-lived')(rs) !== undefined, 10_000, THREAD);
    await deleteVia(alice.page, 'short-lived', THREAD);
    const seen = await untilRows(bob.page, (rs) => !rowWith('short-lived')(rs), 10_000, THREAD);
    expect(seen).toEqual([
      { body: 'fox reply, edited', edited: true, reactions: '🦊1*' },
      { body: DELETED, edited: false, reactions: '' },
    ]);
    await untilSummary(bob.page, 'fox root', '2 replies');
  }, 60_000);
});
