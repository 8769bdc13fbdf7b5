// A full disk under FILES_DIR: a real 1 MB tmpfs (mounting needs root, which CI has; elsewhere the test says why it
// cannot run). An upload that does not fit is refused with storage_full and leaves no partial file; what was stored
// stays readable, and once room is made the next upload goes through.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestServer, type TestServer } from '../helpers/flack.js';
import { fetchAs, upload, uploaded } from '../helpers/files.js';

const KB = 1024;

function mountTmpfs(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const filesDir = mkdtempSync(join(tmpdir(), 'flack-full-disk-'));
const cannotMount = mountTmpfs(filesDir);
if (cannotMount && process.env.CI) throw new Error(`CI must run the full-disk test, but mounting a tmpfs failed: ${cannotMount}`);

describe.skipIf(cannotMount !== null)('a full disk for files', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ filesDir });
  });
  afterAll(async () => {
    await server?.close();
    execFileSync('umount', [filesDir]);
    rmSync(filesDir, { recursive: true, force: true });
  });

  const partials = () => readdirSync(join(filesDir, 'tmp'));

  it('refuses what does not fit with storage_full, keeps what was stored, and takes uploads again once there is room', async () => {
    const { token } = await signUp(server);
    const first = randomBytes(600 * KB);
    const kept = await uploaded(server, token, 'kept.bin', first);

    const tooBig = await upload(server, token, 'too-big.bin', randomBytes(700 * KB));
    expect([tooBig.status, tooBig.error?.code]).toEqual([507, 'storage_full']);
    expect(partials()).toEqual([]);

    const back = await fetchAs(server, token, `/files/${kept.id}/kept.bin`);
    expect(Buffer.from(await back.arrayBuffer()).equals(first)).toBe(true);

    expect((await fetchAs(server, token, `/api/files/${kept.id}`, { method: 'DELETE', headers: { origin: server.url } })).status).toBe(204);
    const after = await uploaded(server, token, 'fits-now.bin', randomBytes(700 * KB));
    expect(after.size).toBe(700 * KB);
    expect(partials()).toEqual([]);
  });
});
