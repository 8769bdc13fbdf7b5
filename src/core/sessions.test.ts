import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreWorld, type CoreWorld } from '../../test/helpers/core.js';

let w: CoreWorld;
beforeEach(async () => (w = await coreWorld()));
afterEach(() => w.close());

const DAY = 24 * 3600_000;

describe('sessions', () => {
  it('expire after 30 days unused, and every use keeps one alive', async () => {
    const { token } = await w.flack.signUp({ username: 'alice', password: 'correct horse battery' });
    for (let i = 0; i < 4; i++) {
      w.advance(20 * DAY);
      expect(await w.flack.authenticate(token)).toMatchObject({ username: 'alice' });
    }
    w.advance(31 * DAY);
    expect(await w.flack.authenticate(token)).toBeNull();
    w.advance(-31 * DAY); // deleted, not merely refused
    expect(await w.flack.authenticate(token)).toBeNull();
  });

  it('remember which browser signed in, and say which one is yours', async () => {
    const alice = await w.flack.signUp({ username: 'alice', password: 'correct horse battery' }, 'Firefox/128.0');
    await w.flack.signIn({ username: 'alice', password: 'correct horse battery' }, 'Chrome/140.0');
    const sessions = await w.flack.listSessions(alice.user.id, '');
    expect(sessions.map((s) => s.userAgent).sort()).toEqual(['Chrome/140.0', 'Firefox/128.0']);
    await w.flack.revokeSession(alice.user.id, sessions[0]!.id);
    expect(await w.flack.listSessions(alice.user.id, '')).toHaveLength(1);
    await expect(w.flack.revokeSession(alice.user.id, sessions[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});
