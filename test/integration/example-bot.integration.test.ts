import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  newClient,
  nextMessage,
  startTestServer,
  type TestServer,
} from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the example bot (examples/echo-bot.ts)', () => {
  it('signs up, joins #general as its README says, and answers in the channel', async () => {
    const bot = spawn(process.execPath, ['--import', 'tsx', 'examples/echo-bot.ts'], {
      env: { ...process.env, FLACK_URL: server.url, BOT_NAME: 'echobot', BOT_PASSWORD: 'echobot-secret', BOT_CHANNEL: 'general' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bot did not start: ${output}`)), 15_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('is listening in #general')) {
            clearTimeout(timer);
            resolve();
          }
        };
        bot.stdout.on('data', onData);
        bot.stderr.on('data', onData);
      });
      const alice = await newClient(server);
      const general = (await call(alice.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
      const pong = nextMessage(alice.socket, (m) => m.authorName === 'echobot' && m.body === 'pong');
      await call(alice.socket, 'message:send', { conversationId: general.id, clientId: 'ping-1', body: '!ping' });
      expect((await pong).conversationId).toBe(general.id);
      const echo = nextMessage(alice.socket, (m) => m.authorName === 'echobot' && m.body === 'hello there');
      await call(alice.socket, 'message:send', { conversationId: general.id, clientId: 'echo-1', body: '!echo hello there' });
      await echo;
      alice.socket.close();
    } finally {
      bot.kill('SIGTERM');
    }
  });
});
