import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { newHookSecret } from '../../core/tokens.js';
import { signature, verifyFlackSignature } from './signature.js';

describe('webhook signatures', () => {
  const secret = newHookSecret();
  const body = '{"id":"1:2"}';
  const now = 1_750_000_000;

  it('are the hex HMAC-SHA256 of "<timestamp>.<body>", prefixed v1=', () => {
    expect(signature(secret, now, body)).toBe(`v1=${createHmac('sha256', secret).update(`${now}.${body}`).digest('hex')}`);
  });

  it('verify for the same secret, body and a timestamp within five minutes', () => {
    const headers = { timestamp: String(now), signature: signature(secret, now, body) };
    expect(verifyFlackSignature(secret, headers, body, now + 299)).toBe(true);
    expect(verifyFlackSignature(secret, headers, body, now - 299)).toBe(true);
  });

  it('do not verify a changed body, another secret, a replay after five minutes or a missing header', () => {
    const headers = { timestamp: String(now), signature: signature(secret, now, body) };
    expect(verifyFlackSignature(secret, headers, body + ' ', now)).toBe(false);
    expect(verifyFlackSignature(newHookSecret(), headers, body, now)).toBe(false);
    expect(verifyFlackSignature(secret, headers, body, now + 301)).toBe(false);
    expect(verifyFlackSignature(secret, { timestamp: String(now + 1), signature: headers.signature }, body, now)).toBe(false);
    expect(verifyFlackSignature(secret, { timestamp: undefined, signature: headers.signature }, body, now)).toBe(false);
    expect(verifyFlackSignature(secret, { timestamp: String(now), signature: undefined }, body, now)).toBe(false);
  });

  it('secrets are new every time', () => {
    expect(newHookSecret()).not.toBe(newHookSecret());
    expect(newHookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});
