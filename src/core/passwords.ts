// scrypt with a per-user random salt (RFC 7914 parameters N=2^15, r=8, p=1), compared in constant time. The cost
// N can be lowered for the test suite only (CoreDeps.passwordCost); no setting reads it from the environment.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { LONE_SURROGATE } from './rules.js';

const KEY_LENGTH = 32;
export const PASSWORD_COST = 1 << 15;
const PARAMS = { r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;

function scrypt(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, params, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Format: scrypt$N$r$p$salt$hash (base64). Parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string, cost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { ...PARAMS, N: cost });
  return ['scrypt', cost, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  // A string with a lone surrogate hashes like one with U+FFFD in its place; it is never the password (sign-up
  // and password changes refuse such passwords). Checked after the scrypt run, so it takes the same time.
  return key.length === expected.length && timingSafeEqual(key, expected) && !LONE_SURROGATE.test(password);
}

/** Spends the same time as a real check, so "no such user" cannot be told apart from "wrong password". */
const dummyHashes = new Map<number, Promise<string>>();
export async function burnPasswordCheck(password: string, cost = PASSWORD_COST): Promise<void> {
  if (!dummyHashes.has(cost)) dummyHashes.set(cost, hashPassword('flack-dummy-password', cost));
  await verifyPassword(password, await dummyHashes.get(cost)!);
}
