// Signing outgoing webhook requests (docs/OUTGOING-WEBHOOKS.md). The receiver recomputes the HMAC over the
// timestamp and the raw body it received, and refuses a timestamp outside its replay window: a captured request
// cannot be sent again later, nor its body changed.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const REPLAY_WINDOW_SECONDS = 300;

/**
 * What a receiver runs (the same code is in the docs): true when `header` signs `timestamp` and `body` with
 * `secret` and the timestamp is within five minutes of `nowSeconds`.
 */
export function verifyFlackSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
