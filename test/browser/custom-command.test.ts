// A custom slash command in real Chromium: the owner makes /weather (an outgoing webhook with the 'command' trigger,
// answered by a local service); the composer lists it beside the built-in ones; its private answer is a notice for
// the one who ran it, and an in-channel answer is posted by its bot for everyone.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { call, type TestServer, startTestServer } from '../helpers/flack.js';
import { browserAvailable, launch, socketOf, userPage, waitForBody, type Launched, type UserPage } from './harness.js';
import { clearComposer, enter, untilCommandRows, untilToast } from './slash-harness.js';

describe.skipIf(!browserAvailable('chromium'))('a custom slash command, in Chromium', () => {
  let server: TestServer;
  let chromium: Launched;
  let service: Server;
  let alice: UserPage;
  let bob: UserPage;

  beforeAll(async () => {
    service = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const { text } = JSON.parse(body) as { text: string };
        const shared = text.endsWith('!');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(shared ? { response_type: 'in_channel', text: `Storm warning for ${text.slice(0, -1)}` } : { text: `Sunny in ${text}` }));
      });
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    [server, chromium] = await Promise.all([startTestServer({ webhookAllowPrivate: true }), launch('chromium')]);
    alice = await userPage(chromium.browser, server.url, 'alice'); // the first account: the owner
    bob = await userPage(chromium.browser, server.url, 'bob');
    const socket = await socketOf(server, alice);
    const general = (await call(socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    const bot = await call(socket, 'admin:bot:create', { username: 'weatherbot', channelIds: [general.id] });
    await call(socket, 'admin:outgoing:create', {
      name: 'Weather forecast', url: `http://127.0.0.1:${(service.address() as { port: number }).port}/`, channelId: null, trigger: 'command', words: ['weather'], posterUserId: bot.integration.user.id,
    });
    socket.close();
    // The composer learns the commands when it connects.
    await alice.page.reload();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    service.closeAllConnections();
    await new Promise((resolve) => service.close(resolve));
  });

  it('is listed after "/", answers its runner privately, and posts for everyone when asked to', async () => {
    await alice.page.bringToFront();
    await alice.page.waitForSelector('.composer[data-surface="main"] textarea');
    await alice.page.focus('.composer[data-surface="main"] textarea');
    await alice.page.keyboard.type('/we');
    await untilCommandRows(alice.page, ['/weather [text]*']);
    await alice.page.keyboard.press('Escape');
    await clearComposer(alice.page);
    await enter(alice.page, '/weather Paris');
    await untilToast(alice.page, 'Sunny in Paris');
    await enter(alice.page, '/weather Oslo!');
    await bob.page.bringToFront();
    await waitForBody(bob.page, 'Storm warning for Oslo');
  });
});
