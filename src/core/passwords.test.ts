import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('a password differing only in a lone surrogate is not the same password', async () => {
    // A hash made before sign-up refused lone surrogates: scrypt saw "x-password\uFFFD" for either of these.
    const stored = await hashPassword('x-password\uD800');
    expect(await verifyPassword('x-password\uDFFF', stored)).toBe(false);
    expect(await verifyPassword('x-password\uD800', stored)).toBe(false);
    expect(await verifyPassword('x-password\uFFFD', stored)).toBe(true); // what it always really was
  });

  it('a well-formed password verifies against its own hash only', async () => {
    const stored = await hashPassword('correct horse \u{1F40E}');
    expect(await verifyPassword('correct horse \u{1F40E}', stored)).toBe(true);
    expect(await verifyPassword('correct horse \u{1F40F}', stored)).toBe(false);
  });
});
