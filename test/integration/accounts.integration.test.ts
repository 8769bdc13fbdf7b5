import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type AuthReply } from '../../src/shared/protocol.js';
import { connect, nextEvent, PASSWORD, postJson, signUp, sleep, startTestServer, uniqueName, type TestServer } from '../helpers/flack.js';

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
