// A local push service for tests (node:http plays the browser vendor's server) and a browser's side of Web Push:
// a P-256 key pair and auth secret, and the decryption of what arrives, per RFC 8291 (aes128gcm, RFC 8188).
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Answers each POST with the status its path says (`/status/410/…`), or never (`/hang/…`); records every one. */
export async function startPushService() {
  const received: Received[] = [];
  const waiting: { path: string; resolve: (r: Received) => void }[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(got);
      for (const w of waiting.filter((w) => w.path === got.path)) (waiting.splice(waiting.indexOf(w), 1), w.resolve(got));
      if (got.path.startsWith('/hang/')) return void hanging.add(res);
      const status = /^\/status\/(\d+)\//.exec(got.path);
      res.writeHead(status ? Number(status[1]) : 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    /** The next push to `path` (or one that came already). */
    next: (path: string) =>
      new Promise<Received>((resolve) => {
        const had = received.find((r) => r.path === path);
        if (had) resolve(had);
        else waiting.push({ path, resolve });
      }),
    close: () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What a browser makes when it subscribes: its key pair and auth secret, and `push:subscribe`'s payload. */
export function browserKeys(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    subscription: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
    /** Per RFC 8291 §3.3–3.4 and RFC 8188 §2: one record, padding delimiter 0x02. */
    decrypt(body: Buffer): unknown {
      const salt = body.subarray(0, 16);
      const idLength = body[20]!;
      const serverPublic = body.subarray(21, 21 + idLength);
      const ciphertext = body.subarray(21 + idLength);
      const secret = ecdh.computeSecret(serverPublic);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), serverPublic]);
      const ikm = Buffer.from(hkdfSync('sha256', secret, auth, keyInfo, 32));
      const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(ciphertext.subarray(-16));
      const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, -16)), decipher.final()]);
      let end = padded.length - 1;
      while (padded[end] === 0) end--;
      if (padded[end] !== 2) throw new Error('not a final record');
      return JSON.parse(padded.subarray(0, end).toString('utf8'));
    },
  };
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292): signed by `publicKey` (ES256), for `origin`. */
export function vapidClaims(authorization: string | undefined, publicKey: string): { aud: string; exp: number; sub: string } {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`not a VAPID authorization: ${authorization}`);
  const [, jwt, k] = match as unknown as [string, string, string];
  if (k !== publicKey) throw new Error('signed with another key');
  const [header, claims, signature] = jwt.split('.') as [string, string, string];
  const raw = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
  const valid = verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!valid) throw new Error('bad VAPID signature');
  return JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
}
