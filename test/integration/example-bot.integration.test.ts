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

/** Runs the example bot with `env` until it says it is listening in #`channel`; returns its process. */
async function startBot(env: Record<string, string>, channel: string) {
  const bot = spawn(process.execPath, ['--import', 'tsx', 'examples/echo-bot.ts'], {
    env: { ...process.env, FLACK_URL: server.url, BOT_CHANNEL: channel, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`is listening in #${channel}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    bot.stdout.on('data', onData);
    bot.stderr.on('data', onData);
  });
  return bot;
}

describe('the example bot (examples/echo-bot.ts)', () => {
  it('runs with a bot account token an admin made, in the channel the admin put it in', async () => {
    const admin = await newClient(server); // the first account: the owner
    const builds = (await call(admin.socket, 'channel:create', { name: 'builds', visibility: 'public' })).conversation;
    const { token } = await call(admin.socket, 'admin:bot:create', { username: 'buildbot', channelIds: [builds.id] });
    const bot = await startBot({ BOT_TOKEN: token }, 'builds');
    try {
      const pong = nextMessage(admin.socket, (m) => m.authorName === 'buildbot' && m.body === 'pong');
      await call(admin.socket, 'message:send', { conversationId: builds.id, clientId: 'ping-0', body: '!ping' });
      expect((await pong).conversationId).toBe(builds.id);
      admin.socket.close();
    } finally {
      bot.kill('SIGTERM');
    }
  });

  it('signs up, joins #general as its README says, and answers in the channel', async () => {
    const bot = await startBot({ BOT_NAME: 'echobot', BOT_PASSWORD: 'echobot-secret' }, 'general');
    try {
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
