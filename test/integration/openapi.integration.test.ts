import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../src/server/http/api/openapi.js';
import type { TableRoute } from '../../src/server/http/api/route.js';
import { API_ROUTES, openApi } from '../../src/server/http/api/routes.js';
import { apiError } from '../../src/server/http/api/schemas.js';
import type { ConversationView, Message } from '../../src/shared/protocol.js';
import { call, newClient, startTestServer, uniqueName, type HttpResult, type TestServer } from '../helpers/flack.js';
import { rest } from './rest-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; operationId: string }>>;
  components: { schemas: Record<string, unknown> };
};

/** Every METHOD path Fastify serves, read from its route tree (`printRoutes`: one line per node, children indented). */
function registeredRoutes(): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of server.http.printRoutes({ commonPrefix: false }).split('\n')) {
    const found = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?/.exec(line.replace(/\s+$/, ''));
    if (!found) continue;
    const depth = found[1]!.length / 4;
    prefixes.length = depth;
    const path = (prefixes[depth - 1] ?? '') + found[2]!;
    prefixes[depth] = path;
    for (const method of found[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

const documented = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));

describe('the OpenAPI document', () => {
  it('lists every route Fastify serves under /api/v1, and nothing it does not serve', async () => {
    const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Document;
    const served = registeredRoutes().map((route) => openApiPath(route));
    expect(served).toContain('GET /api/v1/conversations'); // the tree was read
    const underV1 = served.filter((route) => route.split(' ')[1]!.startsWith('/api/v1/'));
    expect(documented(document).filter((route) => route.includes(' /api/v1/')).sort()).toEqual(underV1.sort());
    // The upload lives elsewhere (file-routes.ts) but is documented: it must be served as documented.
    for (const route of documented(document)) expect(served, route).toContain(route);
  });

  it('is the one generated from the route table, and hangs together', async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as Document;
    expect(document).toEqual(JSON.parse(JSON.stringify(openApi())));
    expect(document.openapi).toBe('3.1.0');
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const name of new Set(refs)) expect(document.components.schemas, name).toHaveProperty(name);
    for (const [path, item] of Object.entries(document.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(item)) {
        expect(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name), operation.operationId).toEqual(inPath);
      }
    }
    expect(new Set(API_ROUTES.map((r) => r.operationId)).size).toBe(API_ROUTES.length);
  });

  it('describes what the server really answers, on every route, and its errors', async () => {
    // The optional fields of the schemas, so that a strict parse sees them: a DM, a file, a mention, a thread,
    // reactions, an archived channel, notification settings.
    const alice = await newClient(server);
    const bob = await newClient(server);
    const api = rest(server, alice.token);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('doc'), visibility: 'public' });
    const id = conversation.id;
    await call(bob.socket, 'channel:join', { conversationId: id });
    await call(alice.socket, 'dm:open', { userIds: [bob.user.id] });
    await call(alice.socket, 'conversation:notify', { conversationId: id, notify: 'all', muted: true });
    const { conversation: old } = await call(alice.socket, 'channel:create', { name: uniqueName('old'), visibility: 'public' });
    await call(alice.socket, 'channel:archive', { conversationId: old.id, archived: true });
    const upload = await fetch(`${server.url}/api/files?name=notes.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}` },
      body: 'meeting notes',
    });
    const { file } = (await upload.json()) as { file: { id: string } };
    const { message: root } = await call(alice.socket, 'message:send', {
      conversationId: id, clientId: 'root', body: `@${bob.user.username} @here see the notes`, files: [file.id],
    });
    await call(bob.socket, 'message:send', { conversationId: id, clientId: 'reply', body: 'thanks', threadId: root.id });
    await call(bob.socket, 'reaction:add', { messageId: root.id, emoji: '👍' });
    const scratch = async () =>
      (await call(alice.socket, 'message:send', { conversationId: id, clientId: uniqueName('m'), body: 'scratch' })).message;

    const exercise: Record<string, () => Promise<HttpResult | Response>> = {
      me: () => api.get('/api/v1/me'),
      listConversations: () => api.get('/api/v1/conversations'),
      history: () => api.get(`/api/v1/conversations/${id}/messages`),
      members: () => api.get(`/api/v1/conversations/${id}/members?limit=1`),
      sendMessage: () => api.send('POST', `/api/v1/conversations/${id}/messages`, { text: `hi @${bob.user.username} @nobody_here` }),
      editMessage: async () => api.send('PATCH', `/api/v1/messages/${(await scratch()).id}`, { text: 'edited' }),
      deleteMessage: async () => api.send('DELETE', `/api/v1/messages/${(await scratch()).id}`),
      addReaction: () => api.send('PUT', `/api/v1/messages/${root.id}/reactions/${encodeURIComponent('🎉')}`),
      removeReaction: () => api.send('DELETE', `/api/v1/messages/${root.id}/reactions/${encodeURIComponent('🎉')}`),
      threadHistory: () => api.get(`/api/v1/messages/${root.id}/thread`),
      uploadFile: () => fetch(`${server.url}/api/files?name=more.txt`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` }, body: 'more' }),
      openApi: () => fetch(`${server.url}/api/v1/openapi.json`),
    };
    expect(Object.keys(exercise).sort()).toEqual(API_ROUTES.map((r) => r.operationId).sort());
    const seen: unknown[] = [];
    for (const route of API_ROUTES) {
      const result = await exercise[route.operationId]!();
      const [status, body] = result instanceof Response ? [result.status, await result.json()] : [result.status, result.body];
      expect(status, route.operationId).toBe(route.status);
      const parsed = route.response.safeParse(body);
      expect(parsed.error?.issues ?? [], route.operationId).toEqual([]);
      seen.push(body);
    }
    // The optional parts were there to be checked.
    const text = JSON.stringify(seen);
    for (const field of ['"files":', '"mentionsHere":true', '"notInConversation":', '"members":[', '"archived":true', '"muted":true', '"replierIds":']) {
      expect(text, field).toContain(field);
    }
    const conversations = (seen[API_ROUTES.findIndex((r) => r.operationId === 'listConversations')] as { conversations: ConversationView[] }).conversations;
    expect(conversations.some((c) => c.kind === 'dm')).toBe(true);
    void (root satisfies Message);

    // Errors, from each route of the table, have the documented body.
    for (const route of API_ROUTES.filter((r) => (r as TableRoute).auth !== false)) {
      const path = route.path.replace(/:\w+/g, 'x');
      const response = await fetch(server.url + path, { method: route.method });
      expect(response.status, route.operationId).toBe(401);
      expect(apiError.safeParse(await response.json()).success, route.operationId).toBe(true);
    }
    alice.socket.close();
    bob.socket.close();
  });
});
