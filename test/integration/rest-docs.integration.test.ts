import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/server/http/api/routes.js';
import type { Message } from '../../src/shared/protocol.js';
import { call, newClient, PASSWORD, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';
import { rest } from './rest-client.js';

const run = promisify(execFile);

let server: TestServer;
let workDir: string;
beforeAll(async () => {
  server = await startTestServer();
  workDir = mkdtempSync(join(tmpdir(), 'flack-rest-docs-'));
  writeFileSync(join(workDir, 'notes.txt'), 'meeting notes\n');
});
afterAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  await server.close();
});

/** Every `curl` line of the page's shell blocks, in order. */
function curlLines(): string[] {
  const page = readFileSync('docs/REST-API.md', 'utf8');
  const blocks = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block) => block.split('\n')).filter((line) => line.startsWith('curl '));
}

/** The method and path a curl line asks for, and the route of the table that serves it. */
function routeOf(line: string) {
  const method = /-X (\w+)/.exec(line)?.[1] ?? (/--json|--data/.test(line) ? 'POST' : 'GET');
  const path = /"\$FLACK_URL(\/[^"?]*)/.exec(line)?.[1];
  const route = API_ROUTES.find(
    (r) => r.method === method && path !== undefined && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(path),
  );
  return { method, path, route };
}

describe('docs/REST-API.md', () => {
  it('has a curl example of every route, and only of routes that exist', () => {
    const lines = curlLines();
    expect(lines.length).toBeGreaterThan(API_ROUTES.length);
    const shown = new Set(lines.map((line) => routeOf(line).route?.operationId));
    for (const route of API_ROUTES) expect(shown.has(route.operationId), `${route.method} ${route.path}`).toBe(true);
    for (const line of lines) {
      const { route } = routeOf(line);
      if (!line.includes('/api/auth/signin')) expect(route, line).toBeDefined();
    }
  });

  it('every curl line works as written, and answers what the OpenAPI document says', async () => {
    const bot = await newClient(server, uniqueName('docbot'));
    const general = (await call(bot.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    const api = rest(server, bot.token);
    const upload = await fetch(`${server.url}/api/files?name=notes.txt`, { method: 'POST', headers: { authorization: `Bearer ${bot.token}` }, body: 'x' });
    const { file } = (await upload.json()) as { file: { id: string } };
    for (const line of curlLines()) {
      // A message of its own for each line, so that deleting one leaves the next something to change.
      const { body } = await api.send<{ message: Message }>('POST', `/api/v1/conversations/${general.id}/messages`, { text: 'for the docs' });
      const env = {
        PATH: process.env.PATH,
        FLACK_URL: server.url,
        TOKEN: bot.token,
        FLACK_USER: bot.user.username,
        FLACK_PASSWORD: PASSWORD,
        CONVERSATION: String(general.id),
        MESSAGE: String(body.message.id),
        FILE: file.id,
      };
      const { stdout } = await run('bash', ['-c', `${line} -sS -w '\\n%{http_code}'`], { cwd: workDir, env });
      const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1));
      const answer = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n'))) as unknown;
      const { route } = routeOf(line);
      expect(status, `${line}\n${stdout}`).toBe(route?.status ?? 200);
      if (route) expect(route.response.safeParse(answer).error?.issues ?? [], line).toEqual([]);
    }
    bot.socket.close();
  });
});
