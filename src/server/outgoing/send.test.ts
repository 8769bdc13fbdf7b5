import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyOf, RESPONSE_MAX_BYTES, sendDelivery } from './send.js';
import { verifyFlackSignature } from './signature.js';

let server: Server;
let url: string;
let answer: (request: IncomingMessage, body: string) => { status: number; body: string } | 'hang';
const received: { headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const reply = answer(request, body);
      if (reply === 'hang') return;
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  // A name that does not resolve: the connection must go to the pinned address, not to a second lookup.
  url = `http://hook.flack.test:${address.port}/in`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
const delivery = (body = '{"id":"1:2"}') => ({ id: '1:2', url, secret: 'whsec_test', body });

describe('sending a delivery', () => {
  it('posts the signed body to the checked address with its idempotency key', async () => {
    answer = () => ({ status: 200, body: '{"text":"pong"}' });
    const outcome = await sendDelivery(delivery(), { allowPrivate: true, resolve });
    expect(outcome).toEqual({ ok: true, status: 200, body: '{"text":"pong"}' });
    const { headers, body } = received.at(-1)!;
    expect(headers['idempotency-key']).toBe('1:2');
    expect(headers['content-type']).toBe('application/json');
    expect(verifyFlackSignature('whsec_test', { timestamp: headers['x-flack-timestamp'] as string, signature: headers['x-flack-signature'] as string }, body)).toBe(true);
  });

  it('reports an error status, an answer past 64 KiB and a target that hangs, as retryable', async () => {
    answer = () => ({ status: 500, body: 'oops' });
    expect(await sendDelivery(delivery(), { allowPrivate: true, resolve })).toMatchObject({ ok: false, status: 500, retry: true });
    answer = () => ({ status: 200, body: 'x'.repeat(RESPONSE_MAX_BYTES + 1) });
    expect(await sendDelivery(delivery(), { allowPrivate: true, resolve })).toMatchObject({ ok: false, error: expect.stringMatching(/larger/) });
    answer = () => 'hang';
    expect(await sendDelivery(delivery(), { allowPrivate: true, resolve, timeoutMs: 200 })).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/no answer/) });
  });

  it('does not connect to a private target unless allowed, and does not retry it', async () => {
    const before = received.length;
    expect(await sendDelivery(delivery(), { allowPrivate: false, resolve })).toMatchObject({ ok: false, retry: false, error: expect.stringMatching(/^refused/) });
    expect(received.length).toBe(before);
  });

  it('reads a reply from JSON {text, thread}', () => {
    expect(replyOf('{"text":"pong"}')).toEqual({ text: 'pong', thread: false });
    expect(replyOf('{"text":"pong","thread":true}')).toEqual({ text: 'pong', thread: true });
    for (const none of ['', 'ok', '{}', '{"text":""}', '{"text":3}', 'null', '[1]']) expect(replyOf(none)).toBeNull();
  });
});
