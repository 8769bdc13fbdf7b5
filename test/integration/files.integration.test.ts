import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUrl, previewUrl } from '../../src/shared/files.js';
import { call, errorCode, newClient, nextEvent, startTestServer, uniqueName, type ClientSocket, type TestServer } from '../helpers/flack.js';
import { fetchAs, PDF, png, pngHeaderOnly, upload, uploaded } from '../helpers/files.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ maxUploadBytes: 2 * 1024 * 1024 });
});
afterAll(() => server.close());

let sent = 0;
const send = (socket: ClientSocket, conversationId: number, body: string, files?: string[]) =>
  call(socket, 'message:send', { conversationId, clientId: `f${++sent}`, body, ...(files && { files }) }).then((r) => r.message);
const channel = async (owner: ClientSocket, visibility: 'public' | 'private' = 'public') =>
  (await call(owner, 'channel:create', { name: uniqueName('f'), visibility })).conversation;

/** Every file under the store's directory (bytes, previews and partial uploads). */
function storedFiles(): string[] {
  const root = server.config.filesDir;
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('files', () => {
  it('an image is sniffed, measured and previewed; a message carries it and members fetch it', async () => {
    const ann = await newClient(server);
    const bob = await newClient(server);
    const room = await channel(ann.socket);
    await call(bob.socket, 'channel:join', { conversationId: room.id });
    const bytes = await png(800, 600);
    const file = await uploaded(server, ann.token, 'screenshot.jpg', bytes); // the name lies; the bytes do not
    expect(file).toMatchObject({ name: 'screenshot.jpg', size: bytes.length, type: 'image/png', width: 800, height: 600 });
    expect(file.id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const live = nextEvent(bob.socket, 'changes', (batch) => batch.conversationId === room.id);
    const message = await send(ann.socket, room.id, '', [file.id]);
    expect(message.body).toBe('');
    expect(message.files).toEqual([file]);
    expect((await live).messages[0]!.files).toEqual([file]);
    expect((await call(bob.socket, 'history', { conversationId: room.id })).messages.at(-1)!.files).toEqual([file]);

    const whole = await fetchAs(server, bob.token, fileUrl(file));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(whole.headers.get('content-disposition')).toMatch(/^inline; filename="screenshot.jpg"/);
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const preview = await fetchAs(server, bob.token, previewUrl(file));
    expect(preview.headers.get('content-type')).toBe('image/webp');
    const previewBytes = Buffer.from(await preview.arrayBuffer());
    expect(previewBytes.subarray(8, 12).toString('ascii')).toBe('WEBP');
    expect(previewBytes.length).toBeLessThan(bytes.length);
    // Unchanged bytes: revalidated by the id, after the access check.
    const again = await fetchAs(server, bob.token, fileUrl(file), { headers: { 'if-none-match': whole.headers.get('etag')! } });
    expect(again.status).toBe(304);
    ann.socket.close();
    bob.socket.close();
  });

  it('a zip (a bomb, say) is kept as it is: never opened, served as a download', async () => {
    const ann = await newClient(server);
    // A local file header of a deflated entry claiming 4 GB: were the server to inflate it, it would try.
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(0xffffffff, 22); // uncompressed size
    header.writeUInt16LE(8, 26); // name length
    const zip = Buffer.concat([header, Buffer.from('bomb.txt'), Buffer.alloc(1000, 0)]);
    const file = await uploaded(server, ann.token, 'archive.zip', zip);
    expect([file.type, file.size, file.width]).toEqual(['application/zip', zip.length, undefined]);
    const room = await channel(ann.socket);
    await send(ann.socket, room.id, 'the archive', [file.id]);
    const response = await fetchAs(server, ann.token, fileUrl(file));
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(Buffer.from(await response.arrayBuffer()).equals(zip)).toBe(true);
    ann.socket.close();
  });

  it('everything but a raster image is a download: a PDF, an HTML page named .png, an SVG', async () => {
    const ann = await newClient(server);
    const room = await channel(ann.socket);
    const pdf = await uploaded(server, ann.token, 'report.pdf', PDF);
    const html = await uploaded(server, ann.token, 'cat.png', Buffer.from('<html><script>alert(document.cookie)</script></html>'));
    const svg = await uploaded(server, ann.token, 'logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));
    expect([pdf.type, html.type]).toEqual(['application/pdf', 'text/plain']);
    expect(svg.type).not.toMatch(/^image\//);
    expect([pdf, html, svg].every((f) => f.width === undefined)).toBe(true);
    await send(ann.socket, room.id, 'the files', [pdf.id, html.id, svg.id]);
    for (const file of [pdf, html, svg]) {
      const response = await fetchAs(server, ann.token, fileUrl(file));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(response.headers.get('content-type')).not.toMatch(/html|svg|xml/);
      expect((await fetchAs(server, ann.token, previewUrl(file))).status).toBe(404);
    }
    ann.socket.close();
  });

  it('a file is read through its conversation: a non-member of a private channel, or a removed one, gets not_found', async () => {
    const ann = await newClient(server);
    const bob = await newClient(server);
    const eve = await newClient(server);
    const secret = await channel(ann.socket, 'private');
    await call(ann.socket, 'channel:invite', { conversationId: secret.id, username: bob.user.username });
    const file = await uploaded(server, ann.token, 'plan.pdf', PDF);
    // Unsent: the uploader's alone.
    expect((await fetchAs(server, ann.token, fileUrl(file))).status).toBe(200);
    expect((await fetchAs(server, bob.token, fileUrl(file))).status).toBe(404);
    expect(await errorCode(bob.socket, 'message:send', { conversationId: secret.id, clientId: 'steal', body: '', files: [file.id] })).toBe('not_found');
    await send(ann.socket, secret.id, 'the plan', [file.id]);
    expect((await fetchAs(server, bob.token, fileUrl(file))).status).toBe(200);
    const denied = await fetchAs(server, eve.token, fileUrl(file));
    expect(denied.status).toBe(404);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('not_found');
    await call(ann.socket, 'channel:remove', { conversationId: secret.id, userId: bob.user.id });
    expect((await fetchAs(server, bob.token, fileUrl(file))).status).toBe(404);
    expect((await fetch(server.url + fileUrl(file))).status).toBe(401);
    for (const c of [ann, bob, eve]) c.socket.close();
  });

  it('an upload is sent once: a retry returns the same message, another message cannot take it', async () => {
    const ann = await newClient(server);
    const room = await channel(ann.socket);
    const file = await uploaded(server, ann.token, 'a.png', await png(10, 10));
    const first = await call(ann.socket, 'message:send', { conversationId: room.id, clientId: 'once', body: 'hi', files: [file.id] });
    const retry = await call(ann.socket, 'message:send', { conversationId: room.id, clientId: 'once', body: 'hi', files: [file.id] });
    expect(retry.message.id).toBe(first.message.id);
    expect(await errorCode(ann.socket, 'message:send', { conversationId: room.id, clientId: 'twice', body: 'hi', files: [file.id] })).toBe('not_found');
    expect(await errorCode(ann.socket, 'message:send', { conversationId: room.id, clientId: 'dup', body: '', files: [file.id, file.id] })).toBe('invalid');
    expect(await errorCode(ann.socket, 'message:send', { conversationId: room.id, clientId: 'bad', body: '', files: ['../../etc/passwd'] })).toBe('invalid');
    expect(await errorCode(ann.socket, 'message:send', { conversationId: room.id, clientId: 'none', body: '' })).toBe('empty');
    // Nothing half-done: the refused sends stored no message.
    expect((await call(ann.socket, 'history', { conversationId: room.id })).messages.filter((m) => m.kind === 'user')).toHaveLength(1);
    ann.socket.close();
  });

  it('deleting a message deletes its files: their address stops working and their bytes are gone', async () => {
    const ann = await newClient(server);
    const room = await channel(ann.socket);
    const file = await uploaded(server, ann.token, 'gone.png', await png(40, 30));
    const before = storedFiles();
    expect(before.filter((path) => path.includes(file.id))).toHaveLength(2); // the file and its preview
    const message = await send(ann.socket, room.id, 'soon gone', [file.id]);
    const { message: tombstone } = await call(ann.socket, 'message:delete', { messageId: message.id });
    expect(tombstone.files).toBeUndefined();
    expect((await fetchAs(server, ann.token, fileUrl(file))).status).toBe(404);
    expect(storedFiles().filter((path) => path.includes(file.id))).toEqual([]);
    ann.socket.close();
  });

  it('an unsent upload can be discarded by its uploader only', async () => {
    const ann = await newClient(server);
    const bob = await newClient(server);
    const file = await uploaded(server, ann.token, 'draft.pdf', PDF);
    const headers = { origin: server.url };
    expect((await fetchAs(server, bob.token, `/api/files/${file.id}`, { method: 'DELETE', headers })).status).toBe(404);
    expect((await fetchAs(server, ann.token, `/api/files/${file.id}`, { method: 'DELETE', headers })).status).toBe(204);
    expect((await fetchAs(server, ann.token, fileUrl(file))).status).toBe(404);
    expect(storedFiles().some((path) => path.includes(file.id))).toBe(false);
    ann.socket.close();
    bob.socket.close();
  });

  describe('bad uploads get a clear code and leave nothing behind', () => {
    it.each([
      ['over the size limit', 'big.bin', () => Buffer.alloc(3 * 1024 * 1024, 7), 413, 'too_large'],
      ['a 50,000 × 50,000 image', 'bomb.png', () => pngHeaderOnly(50_000, 50_000), 413, 'too_large'],
      ['an image that does not decode', 'broken.png', () => Buffer.concat([pngHeaderOnly(100, 100).subarray(0, 33), Buffer.alloc(500, 1)]), 400, 'file_invalid'],
      ['empty', 'empty.txt', () => Buffer.alloc(0), 400, 'file_invalid'],
    ])('%s', async (_case, name, bytes, status, code) => {
      const ann = await newClient(server);
      const before = storedFiles();
      const result = await upload(server, ann.token, name, bytes());
      expect([result.status, result.error?.code]).toEqual([status, code]);
      expect(storedFiles()).toEqual(before);
      ann.socket.close();
    });

    it('an upload cut off halfway leaves no partial file, and the server goes on', async () => {
      const ann = await newClient(server);
      const before = storedFiles();
      const url = new URL(`${server.url}/api/files?name=cut.bin`);
      const req = httpRequest(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ann.token}`, 'content-length': 1_000_000 },
      });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(400_000, 1));
      // The partial upload reaches the disk before the client goes away…
      await expect.poll(() => storedFiles().length, { timeout: 5000 }).toBeGreaterThan(before.length);
      req.destroy();
      // …and is gone once the server sees the connection close.
      await expect.poll(() => storedFiles(), { timeout: 5000 }).toEqual(before);
      expect((await upload(server, ann.token, 'next.pdf', PDF)).status).toBe(201);
      ann.socket.close();
    });

    it('refuses the unsigned and the cross-origin', async () => {
      const response = await fetch(`${server.url}/api/files?name=x.txt`, { method: 'POST', body: 'hello' });
      expect(response.status).toBe(401);
      const ann = await newClient(server);
      const { SESSION_COOKIE } = await import('../../src/shared/protocol.js');
      const forged = await fetch(`${server.url}/api/files?name=x.txt`, {
        method: 'POST',
        body: 'hello',
        headers: { cookie: `${SESSION_COOKIE}=${ann.token}`, origin: 'https://evil.example' },
      });
      expect(forged.status).toBe(403);
      expect((await upload(server, ann.token, '', Buffer.from('x'))).status).toBe(400);
      ann.socket.close();
    });
  });

  it('names are cleaned: no path, no direction overrides', async () => {
    const ann = await newClient(server);
    const file = await uploaded(server, ann.token, '../../evil\u202Egnp.exe', Buffer.from('MZ text'));
    expect(file.name).toBe('evilgnp.exe');
    expect(existsSync(join(server.config.filesDir, file.id.slice(0, 2), file.id))).toBe(true);
    ann.socket.close();
  });
});

describe('a per-person quota (UPLOAD_QUOTA_MB)', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ uploadQuotaBytes: 100 * 1024 });
  });
  afterAll(() => small.close());

  it('refuses an upload that would pass it, and deleting a message with files frees its share', async () => {
    const ann = await newClient(small);
    const bob = await newClient(small);
    const room = (await call(ann.socket, 'channel:create', { name: uniqueName('q'), visibility: 'public' })).conversation;
    const first = await uploaded(small, ann.token, 'a.bin', Buffer.alloc(60 * 1024, 1));
    const refused = await upload(small, ann.token, 'b.bin', Buffer.alloc(60 * 1024, 2));
    expect([refused.status, refused.error?.code]).toEqual([413, 'quota_exceeded']);
    expect((await upload(small, bob.token, 'b.bin', Buffer.alloc(60 * 1024, 2))).status).toBe(201); // everyone their own
    const message = await send(ann.socket, room.id, 'the first', [first.id]);
    await call(ann.socket, 'message:delete', { messageId: message.id });
    expect((await upload(small, ann.token, 'b.bin', Buffer.alloc(60 * 1024, 2))).status).toBe(201);
    ann.socket.close();
    bob.socket.close();
  });
});
