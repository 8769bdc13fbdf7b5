import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type AuthReply } from '../../src/shared/protocol.js';
import {
  call,
  connect,
  errorCode,
  newClient,
  nextEvent,
  nextMessage,
  PASSWORD,
  postJson,
  sendJson,
  signUp,
  sleep,
  startTestServer,
  type TestServer,
  uniqueName,
} from '../helpers/flack.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('accounts', () => {
  it('signs up, sets a lasting HttpOnly SameSite=Lax cookie, and knows who you are', async () => {
    const username = uniqueName('Alice');
    const result = await postJson<AuthReply>(server.url, '/api/auth/signup', { username, password: PASSWORD });
    expect(result.status).toBe(201);
    expect(result.body.user.username).toBe(username);
    const cookie = result.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${SESSION_COOKIE}=`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=\d{6,}/); // survives closing the browser

    const sessionCookie = cookie.split(';')[0]!;
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: sessionCookie } });
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(username);
    const byToken = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${result.body.token}` } });
    expect(byToken.status).toBe(200);
  });

  it('refuses a username taken in any letter case', async () => {
    const username = uniqueName('Bob');
    await signUp(server, username);
    const again = await postJson<{ error: { code: string } }>(server.url, '/api/auth/signup', {
      username: username.toUpperCase(),
      password: PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('username_taken');
  });

  it('lets exactly one of two simultaneous sign-ups with the same name succeed', async () => {
    const username = uniqueName('racer');
    const attempts = await Promise.all(
      [username, username.toUpperCase(), username, username].map((name) =>
        postJson(server.url, '/api/auth/signup', { username: name, password: PASSWORD }),
      ),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('refuses invalid usernames and short passwords with clear codes', async () => {
    for (const username of ['ab', 'has space', 'x'.repeat(33), 'émile', '<script>']) {
      const result = await postJson<{ error: { code: string } }>(server.url, '/api/auth/signup', {
        username,
        password: PASSWORD,
      });
      expect(result.status, username).toBe(400);
      expect(result.body.error.code).toBe('username_invalid');
    }
    const short = await postJson<{ error: { code: string } }>(server.url, '/api/auth/signup', {
      username: uniqueName(),
      password: 'short',
    });
    expect(short.body.error.code).toBe('password_invalid');
    const malformed = await postJson<{ error: { code: string } }>(server.url, '/api/auth/signup', { username: 5 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid');
  });

  it('refuses passwords with a lone surrogate at sign-up and password change, so x\\uD800 never signs in as x\\uDFFF', async () => {
    const refused = await postJson<{ error: { code: string } }>(server.url, '/api/auth/signup', {
      username: uniqueName(),
      password: 'password\uD800',
    });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'password_invalid']);
    const auth = await signUp(server);
    const change = await postJson<{ error: { code: string } }>(
      server.url,
      '/api/auth/password',
      { currentPassword: PASSWORD, newPassword: 'password\uDFFF' },
      { authorization: `Bearer ${auth.token}` },
    );
    expect([change.status, change.body.error.code]).toEqual([400, 'password_invalid']);
  });

  it('signs in ignoring case; a wrong password and an unknown user get the same error', async () => {
    const username = uniqueName('Carol');
    await signUp(server, username);
    const ok = await postJson<AuthReply>(server.url, '/api/auth/signin', { username: username.toLowerCase(), password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe(username);
    const wrong = await postJson(server.url, '/api/auth/signin', { username, password: 'not the password' });
    const unknown = await postJson(server.url, '/api/auth/signin', { username: uniqueName('nobody'), password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect((wrong.body as { error: { code: string } }).error.code).toBe('wrong_password');
  });

  it('refuses sockets without a valid session', async () => {
    await expect(connect(server, 'not-a-token')).rejects.toThrow('unauthorized');
  });

  it('signing out revokes the token and closes its live sockets', async () => {
    const auth = await signUp(server);
    const socket = await connect(server, auth.token);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const out = await fetch(`${server.url}/api/auth/signout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auth.token}` },
    });
    expect(out.status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    await expect(connect(server, auth.token)).rejects.toThrow('unauthorized');
  });

  it('changing the password closes every session of the user and issues a new one', async () => {
    const auth = await signUp(server);
    const other = await postJson<AuthReply>(server.url, '/api/auth/signin', { username: auth.user.username, password: PASSWORD });
    const socket = await connect(server, other.body.token);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    const changed = await postJson<AuthReply>(
      server.url,
      '/api/auth/password',
      { currentPassword: PASSWORD, newPassword: 'a brand new secret' },
      { authorization: `Bearer ${auth.token}` },
    );
    expect(changed.status).toBe(200);
    await closed;
    await expect(connect(server, other.body.token)).rejects.toThrow('unauthorized');
    await (await connect(server, changed.body.token)).close();
  });

  it('deleting an account needs the password, closes its sockets, keeps its messages and reserves its name', async () => {
    const leaver = await newClient(server);
    const friend = await newClient(server);
    const other = await postJson<AuthReply>(server.url, '/api/auth/signin', { username: leaver.user.username, password: PASSWORD });
    const general = (await call(friend.socket, 'state', {})).conversations.find((c) => c.name === 'general')!;
    const { conversation: secret } = await call(leaver.socket, 'channel:create', { name: uniqueName('secret'), visibility: 'private' });
    await call(leaver.socket, 'channel:invite', { conversationId: secret.id, username: friend.user.username });
    const { conversation: dm } = await call(friend.socket, 'dm:open', { userIds: [leaver.user.id] });
    const { message } = await call(leaver.socket, 'message:send', { conversationId: general.id, clientId: 'last-words', body: 'bye all' });
    const bearer = { authorization: `Bearer ${leaver.token}` };

    const refused = await sendJson<{ error: { code: string } }>('DELETE', server.url, '/api/auth/account', { password: 'not it' }, bearer);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'wrong_password']);
    expect(leaver.socket.connected).toBe(true);

    const secondDevice = await connect(server, other.body.token);
    const closed = Promise.all([leaver.socket, secondDevice].map((s) => new Promise((resolve) => s.once('disconnect', resolve))));
    const announced = nextEvent(friend.socket, 'user', (user) => user.id === leaver.user.id);
    const left = nextMessage(friend.socket, (m) => m.conversationId === secret.id && m.body === 'left the channel');
    const started = Date.now();
    const deleted = await sendJson('DELETE', server.url, '/api/auth/account', { password: PASSWORD }, bearer);
    expect(deleted.status).toBe(204);
    await closed;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await announced).toEqual({ ...leaver.user, deactivated: true });
    expect((await left).authorId).toBe(leaver.user.id);

    // Nobody gets back in: not with a session, not with the password, not by taking the name.
    await expect(connect(server, leaver.token)).rejects.toThrow('unauthorized');
    await expect(connect(server, other.body.token)).rejects.toThrow('unauthorized');
    const signIn = await postJson<{ error: { code: string } }>(server.url, '/api/auth/signin', { username: leaver.user.username, password: PASSWORD });
    expect([signIn.status, signIn.body.error.code]).toEqual([401, 'wrong_password']);
    const taken = await postJson<{ error: { code: string } }>(server.url, '/api/auth/signup', { username: leaver.user.username.toUpperCase(), password: PASSWORD });
    expect(taken.body.error.code).toBe('username_taken');

    // What they wrote stays; they are out of every channel, listed as deactivated, and can't be invited or DMed anew.
    const history = await call(friend.socket, 'history', { conversationId: general.id });
    expect(history.messages.find((m) => m.id === message.id)).toMatchObject({ body: 'bye all', authorName: leaver.user.username });
    const state = await call(friend.socket, 'state', {});
    expect(state.users.find((u) => u.id === leaver.user.id)).toMatchObject({ deactivated: true, online: false });
    expect(state.conversations.find((c) => c.id === secret.id)?.memberCount).toBe(1);
    expect(state.conversations.find((c) => c.id === dm.id)?.members?.find((u) => u.id === leaver.user.id)?.deactivated).toBe(true);
    const members = await call(friend.socket, 'conversation:members', { conversationId: general.id });
    expect(members.members.some((u) => u.id === leaver.user.id)).toBe(false);
    expect(await errorCode(friend.socket, 'channel:invite', { conversationId: secret.id, username: leaver.user.username })).toBe('not_found');
    const third = await signUp(server);
    expect(await errorCode(friend.socket, 'dm:open', { userIds: [leaver.user.id, third.user.id] })).toBe('not_found');
    friend.socket.close();
  });

  /**
   * Signs in once and waits for it (a session the change must revoke), then signs in every 2 ms, starting `change`
   * after the `changeAfter`-th, so that the rest finish just before it, overlap it, or come after it. A password
   * change spends two scrypt runs before it commits, a deletion one, hence different starts. Returns every token
   * given out.
   */
  async function signInsRacing(username: string, password: string, changeAfter: number, change: () => Promise<unknown>) {
    const signIn = () =>
      postJson<AuthReply>(server.url, '/api/auth/signin', { username, password }).then((result) => {
        if (result.status === 200) tokens.push(result.body.token);
      });
    const tokens: string[] = [];
    await signIn();
    expect(tokens.length, 'a sign-in that finished before the change').toBe(1);
    const running: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      if (i === changeAfter) running.push(change());
      running.push(signIn());
      await sleep(2);
    }
    await Promise.all(running);
    return tokens;
  }
  const signedIn = async (token: string) =>
    (await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status === 200;

  it('no sign-in with the old password that raced a password change keeps a session', async () => {
    const auth = await signUp(server);
    const tokens = await signInsRacing(auth.user.username, PASSWORD, 0, () =>
      postJson(server.url, '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new secret' }, {
        authorization: `Bearer ${auth.token}`,
      }),
    );
    const kept = (await Promise.all(tokens.map(signedIn))).filter(Boolean);
    expect(kept).toEqual([]);
  });

  it('no sign-in that raced the deletion of the account keeps a session', async () => {
    const auth = await signUp(server);
    const tokens = await signInsRacing(auth.user.username, PASSWORD, 5, () =>
      sendJson('DELETE', server.url, '/api/auth/account', { password: PASSWORD }, { authorization: `Bearer ${auth.token}` }),
    );
    const kept = (await Promise.all(tokens.map(signedIn))).filter(Boolean);
    expect(kept).toEqual([]);
  });

  it('refuses cookie-authenticated state changes from another origin (CSRF)', async () => {
    const auth = await signUp(server);
    const result = await postJson(server.url, '/api/auth/signout', {}, {
      cookie: `${SESSION_COOKIE}=${auth.token}`,
      origin: 'https://evil.example',
    });
    expect(result.status).toBe(403);
    await (await connect(server, auth.token)).close(); // still signed in
  });

  it('announces new users live', async () => {
    const watcher = await signUp(server);
    const socket = await connect(server, watcher.token);
    const name = uniqueName('newcomer');
    const announced = nextEvent(socket, 'user', (user) => user.username === name);
    await signUp(server, name);
    expect((await announced).username).toBe(name);
    socket.close();
    await sleep(10);
  });
});
