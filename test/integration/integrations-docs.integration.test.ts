// docs/INTEGRATIONS.md's curl lines, run as written with real curl against a server: each posts what the page
// says it posts.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newClient, nextMessage, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';

const run = promisify(execFile);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Every `curl` line of the page's shell blocks, in order. */
function curlLines(): string[] {
  const page = readFileSync('docs/INTEGRATIONS.md', 'utf8');
  return [...page.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).filter((line) => line.startsWith('curl '));
}

describe('docs/INTEGRATIONS.md', () => {
  it('every curl line works as written and posts into the channel', async () => {
    const admin = await newClient(server, uniqueName('founder'));
    const channel = (await call(admin.socket, 'channel:create', { name: uniqueName('builds'), visibility: 'public' })).conversation;
    const hook = await call(admin.socket, 'admin:webhook:create', { name: uniqueName('ci'), channelId: channel.id });
    const bot = await call(admin.socket, 'admin:bot:create', { username: uniqueName('deploybot'), channelIds: [channel.id] });
    const env = {
      PATH: process.env.PATH,
      WEBHOOK_URL: `${server.url}/hooks/${hook.token}`,
      FLACK_URL: server.url,
      BOT_TOKEN: bot.token,
      CONVERSATION: String(channel.id),
    };
    const lines = curlLines();
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      const posted = nextMessage(admin.socket, (m) => m.conversationId === channel.id && m.kind === 'user');
      const { stdout } = await run('bash', ['-c', `${line} -sS -w '\\n%{http_code}'`], { env });
      const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1));
      expect([200, 201], `${line}\n${stdout}`).toContain(status);
      const message = await posted;
      expect(message.authorId, line).toBe(line.includes('BOT_TOKEN') ? bot.integration.user.id : hook.integration.user.id);
      expect(message.body.length).toBeGreaterThan(0);
    }
    admin.socket.close();
  });
});
