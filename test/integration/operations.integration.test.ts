import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newClient, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('operations endpoints', () => {
  it('answers liveness and readiness with the database checked', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
  });

  it('exposes Prometheus metrics that move with traffic', async () => {
    const alice = await newClient(server);
    const { conversation } = await call(alice.socket, 'channel:create', { name: uniqueName('metrics'), visibility: 'public' });
    await call(alice.socket, 'message:send', { conversationId: conversation.id, clientId: 'm1', body: 'counted' });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^flack_connected_sockets\{[^}]*\} 1$/m);
    expect(text).toMatch(/^flack_messages_accepted_total\{[^}]*\} [1-9]/m);
    expect(text).toMatch(/^flack_delivery_latency_seconds_count\{[^}]*\} [1-9]/m);
    expect(text).toMatch(/^flack_event_duration_seconds_count\{[^}]*event="message:send"[^}]*\} [1-9]/m);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    alice.socket.close();
  });

  it('answers unknown API routes with a typed 404', async () => {
    const response = await fetch(`${server.url}/api/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
