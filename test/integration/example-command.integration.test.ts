// The example custom slash command (examples/weather-command.ts), run as its comment says, answering /weather
// through a real Flack server: privately, and in the channel with --share.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newClient, nextMessage, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ webhookAllowPrivate: true });
});
afterAll(() => server.close());

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('the example /weather command (examples/weather-command.ts)', () => {
  it('answers /weather privately, and in the channel as its bot with --share', async () => {
    const admin = await newClient(server, uniqueName('founder'));
    const channel = (await call(admin.socket, 'channel:create', { name: uniqueName('town'), visibility: 'public' })).conversation;
    const bot = await call(admin.socket, 'admin:bot:create', { username: uniqueName('weatherbot'), channelIds: [channel.id] });
    const port = await freePort();
    const { secret } = await call(admin.socket, 'admin:outgoing:create', {
      name: 'Weather', url: `http://127.0.0.1:${port}/`, channelId: null, trigger: 'command', words: ['weather'], posterUserId: bot.integration.user.id,
    });
    const service = spawn(process.execPath, ['--import', 'tsx', 'examples/weather-command.ts'], {
      env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`the example did not start: ${output}`)), 15_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('is listening')) (clearTimeout(timer), resolve());
        };
        service.stdout.on('data', onData);
        service.stderr.on('data', onData);
      });
      const mine = await call(admin.socket, 'command:run', { conversationId: channel.id, command: 'weather', text: 'Paris' });
      expect(mine.visibility).toBe('ephemeral');
      expect(mine.text).toMatch(/^Weather in \*\*Paris\*\*: .+°C$/);
      const shared = nextMessage(admin.socket, (m) => m.authorId === bot.integration.user.id);
      const posted = await call(admin.socket, 'command:run', { conversationId: channel.id, command: 'weather', text: 'Oslo --share' });
      expect(posted.visibility).toBe('channel');
      expect((await shared).body).toMatch(/^Weather in \*\*Oslo\*\*: .+ \(asked by @founder/);
      admin.socket.close();
    } finally {
      service.kill('SIGTERM');
    }
  });
});
