// One delivery attempt: a signed POST to the checked address, at most 5 s, reading at most 64 KiB of the answer.
// Never throws: every outcome is a value the worker records.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { signature } from './signature.js';
import { checkTarget, TargetRefused, type Resolve } from './ssrf-guard.js';

export const SEND_TIMEOUT_MS = 5_000;
export const RESPONSE_MAX_BYTES = 64 * 1024;

export type SendOutcome =
  | { ok: true; status: number; body: string }
  /** `retry` false: trying again cannot help (the target is refused). */
  | { ok: false; status: number | null; error: string; retry: boolean };

export interface Delivery {
  /** The idempotency key. */
  id: string;
  url: string;
  secret: string;
  body: string;
}

export async function sendDelivery(
  delivery: Delivery,
  options: { allowPrivate: boolean; now?: () => number; resolve?: Resolve; timeoutMs?: number },
): Promise<SendOutcome> {
  let target;
  try {
    target = await checkTarget(delivery.url, options.allowPrivate, options.resolve);
  } catch (error) {
    if (error instanceof TargetRefused) return { ok: false, status: null, error: `refused: ${error.reason}`, retry: false };
    throw error;
  }
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  // The connection goes to the address checked above, whatever a second lookup would answer; TLS still checks
  // the certificate against the URL's host name.
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = client.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(delivery.body),
          'User-Agent': 'Flack-Webhook/1',
          'Idempotency-Key': delivery.id,
          'X-Flack-Timestamp': String(timestamp),
          'X-Flack-Signature': signature(delivery.secret, timestamp, delivery.body),
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > RESPONSE_MAX_BYTES) {
            request.destroy();
            settle({ ok: false, status, error: `answer larger than ${RESPONSE_MAX_BYTES} bytes`, retry: true });
          } else chunks.push(chunk);
        });
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (status >= 200 && status < 300) settle({ ok: true, status, body });
          else settle({ ok: false, status, error: `HTTP ${status}`, retry: true });
        });
        response.on('error', (error) => settle({ ok: false, status, error: error.message, retry: true }));
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      settle({ ok: false, status: null, error: `no answer within ${options.timeoutMs ?? SEND_TIMEOUT_MS} ms`, retry: true });
    }, options.timeoutMs ?? SEND_TIMEOUT_MS);
    request.on('error', (error) => settle({ ok: false, status: null, error: error.message, retry: true }));
    request.end(delivery.body);
  });
}

/** The reply a 2xx answer asks Flack to post, if any: JSON `{ text, thread? }`. */
export function replyOf(body: string): { text: string; thread: boolean } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { text, thread } = parsed as { text?: unknown; thread?: unknown };
  if (typeof text !== 'string' || text.trim() === '') return null;
  return { text, thread: thread === true };
}
