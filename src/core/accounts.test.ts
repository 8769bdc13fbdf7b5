// Sign-ins that race a password change or an account's deletion. Storage is real (SQLite in memory); the race is
// made exact by holding the sign-in between its password check and its session write until the other side is done.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../storage/storage.js';
import { FlackError } from './errors.js';
import { UNMEASURED } from '../../test/helpers/core-stats.js';
import { createFlack, type Flack } from './flack.js';
import { RecordingFanout, TEST_PASSWORD_COST } from '../../test/helpers/core.js';

const OLD = 'old password 1';
const NEW = 'new password 2';

const fanout = new RecordingFanout();

let storage: Storage;
let flack: Flack;
/** While set, the next createSession waits for it: the sign-in has checked the password but not written yet. */
let hold: Promise<void> | null = null;
let held: () => void;

beforeEach(async () => {
  storage = await openSqliteStorage(':memory:');
  const gated = new Proxy(storage, {
    get(target, key: keyof Storage) {
      if (key !== 'createSession') return (...args: unknown[]) => (target[key] as (...a: unknown[]) => unknown)(...args);
      return async (session: Parameters<Storage['createSession']>[0]) => {
        const gate = hold;
        hold = null;
        if (gate) {
          held();
          await gate;
        }
        return target.createSession(session);
      };
    },
  });
  flack = createFlack({ stats: UNMEASURED, settings: { maxUploadBytes: 1024, uploadQuotaBytes: null, signUpModeLock: 'open', sessionIdleMs: 30 * 24 * 3600_000 }, storage: gated, fileBytes: { remove: async () => undefined, listOlderThan: async () => [] }, fanout, presence: { onlineUserIds: async () => new Set(), onlineAmong: async () => new Set() }, now: Date.now, passwordCost: TEST_PASSWORD_COST });
  await flack.start();
  await flack.signUp({ username: 'founder', password: 'correct horse battery' }); // the owner; the tests' people are members
});
afterEach(() => storage.close());

/** Starts a sign-in and resolves once it has verified the password, with the sign-in still to finish. */
async function signInHeldBeforeItsSession(username: string, password: string, release: Promise<void>) {
  const reached = new Promise<void>((resolve) => (held = resolve));
  hold = release;
  const signIn = flack.signIn({ username, password }).then(
    (reply) => reply,
    (error: FlackError) => error.code,
  );
  await reached;
  return signIn;
}

describe('sessions racing account changes', () => {
  it('a sign-in with the old password that raced a password change gets no session', async () => {
    const alice = await flack.signUp({ username: 'alice', password: OLD });
    let release!: () => void;
    const racing = signInHeldBeforeItsSession('alice', OLD, new Promise((resolve) => (release = resolve)));
    const changed = await flack.changePassword(alice.user.id, { currentPassword: OLD, newPassword: NEW });
    release();

    expect(await racing).toBe('wrong_password');
    expect(await flack.authenticate(changed.token)).toMatchObject({ username: 'alice' });
    expect(await flack.authenticate(alice.token)).toBeNull();
    expect(await flack.signIn({ username: 'alice', password: OLD }).catch((error: FlackError) => error.code)).toBe(
      'wrong_password',
    );
  });

  it('a sign-in that raced the deletion of the account gets no session, and the account stays deleted', async () => {
    const bob = await flack.signUp({ username: 'bob', password: OLD });
    let release!: () => void;
    const racing = signInHeldBeforeItsSession('bob', OLD, new Promise((resolve) => (release = resolve)));
    await flack.deleteAccount(bob.user.id, OLD);
    release();

    expect(await racing).toBe('wrong_password');
    expect(await flack.authenticate(bob.token)).toBeNull();
  });

  it('a session that somehow outlived its deleted account authenticates nobody', async () => {
    const carol = await flack.signUp({ username: 'carol', password: OLD });
    expect(await storage.deactivateUser(carol.user.id, Date.now(), 'left the channel')).not.toBe('last_owner');
    // As if the session had been written after the deactivation by a store that did not check.
    const findSessionUser = storage.findSessionUser;
    storage.findSessionUser = async () => carol.user.id;
    try {
      expect(await flack.authenticate(carol.token)).toBeNull();
    } finally {
      storage.findSessionUser = findSessionUser;
    }
  });
});
