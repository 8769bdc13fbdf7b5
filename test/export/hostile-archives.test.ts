import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMAT, FORMAT_VERSION } from '../../src/export/format.js';
import { importWorkspace } from '../../src/export/import.js';
import { DEFAULT_LIMITS, readArchive } from '../../src/export/zip-reader.js';
import { DiskFileBytes } from '../../src/storage/file-bytes/disk-file-bytes.js';
import { openSqliteSink } from '../../src/storage/sqlite/table-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'flack-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifest = {
  format: FORMAT,
  version: FORMAT_VERSION,
  exportedAt: 1,
  workspace: { name: 'W', icon: '', signUpMode: 'invite', retentionDays: null, uploadLimitMb: null },
  counts: {},
};
const user = { id: 1, username: 'ann', createdAt: 1, role: 'owner', deactivatedAt: null, bot: null, notify: { dm: null, channel: null }, lastConversationId: null };
const valid = (): Record<string, string | Uint8Array> => ({
  'manifest.json': JSON.stringify(manifest),
  'users.jsonl': `${JSON.stringify(user)}\n`,
  'channels.jsonl': '',
  'members.jsonl': '',
  'messages.jsonl': '',
  'follows.jsonl': '',
  'blocks.jsonl': '',
  'files.jsonl': '',
});

let n = 0;
function archive(entries: Record<string, string | Uint8Array>): string {
  const path = join(dir, `a${++n}.zip`);
  const data = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v]));
  writeFileSync(path, zipSync(data));
  return path;
}

/** Imports into a new SQLite file; returns the error message, and whether anything was written. */
async function attempt(path: string, limits = DEFAULT_LIMITS) {
  const sink = openSqliteSink(join(dir, `db${++n}.db`));
  try {
    await importWorkspace(path, sink, await new DiskFileBytes(join(dir, `files${n}`)).open(), { limits });
    return { error: null, empty: await sink.isEmpty() };
  } catch (error) {
    return { error: (error as Error).message, empty: await sink.isEmpty() };
  } finally {
    await sink.close();
  }
}

describe('archives from someone else', () => {
  it('a well-formed archive goes in (the baseline the others differ from)', async () => {
    expect(await attempt(archive(valid()))).toEqual({ error: null, empty: false });
  });

  it('refuses an entry that climbs out of the directory, and writes nothing', async () => {
    for (const name of ['../../etc/passwd', 'files/../../x', '/etc/passwd', 'C:/x', 'a\\..\\b']) {
      const result = await attempt(archive({ ...valid(), [name]: 'root:x:0:0' }));
      expect(result.error).toMatch(/not a plain relative path/);
      expect(result.empty).toBe(true);
    }
  });

  it('refuses a zip bomb while inflating it, by its declared size and by what it actually yields', async () => {
    const bomb = new Uint8Array(8 * 1024 * 1024); // zeros: deflates to a few KB
    const limits = { ...DEFAULT_LIMITS, linesBytes: 1024 * 1024 };
    const declared = await attempt(archive({ ...valid(), 'users.jsonl': bomb }), limits);
    expect(declared).toEqual({ error: expect.stringMatching(/users.jsonl: it inflates past its limit/), empty: true });

    // A header that lies (declared size unknown, as in a streamed zip) is caught by counting the bytes as they come.
    let inflated = 0;
    const path = archive({ 'big.bin': bomb });
    const bytes = readFileSync(path);
    bytes.writeUInt32LE(1000, 22); // the local header's uncompressed size: a lie, within the cap
    writeFileSync(path, bytes);
    await expect(
      readArchive(path, { ...DEFAULT_LIMITS, fileBytes: 1024 * 1024 }, () => ({ kind: 'bytes', onChunk: (c) => void (inflated += c.length), onEnd: () => {} })),
    ).rejects.toThrow(/big.bin: it inflates past its limit/);
    expect(inflated).toBeLessThanOrEqual(1024 * 1024);
  });

  it('refuses an archive whose total inflates past the total cap', async () => {
    const result = await attempt(archive(valid()), { ...DEFAULT_LIMITS, totalBytes: 100 });
    expect(result).toEqual({ error: expect.stringMatching(/total limit/), empty: true });
  });

  it('names the file and line of a malformed line', async () => {
    const result = await attempt(archive({ ...valid(), 'users.jsonl': `${JSON.stringify(user)}\n{"id": 2,\n` }));
    expect(result).toEqual({ error: expect.stringMatching(/^users.jsonl line 2: malformed JSON/), empty: true });
  });

  it('names the file, line and field of a line that is not what the format says', async () => {
    const result = await attempt(archive({ ...valid(), 'users.jsonl': `${JSON.stringify({ ...user, role: 'emperor' })}\n` }));
    expect(result).toEqual({ error: expect.stringMatching(/^users.jsonl line 1: role:/), empty: true });
  });

  it('refuses a line that refers to what is not there, before writing anything', async () => {
    const member = { conversationId: 9, userId: 1, lastReadSeq: 0, joinedAt: 1, hiddenSeq: null, blocked: false, notify: null, muted: false };
    const result = await attempt(archive({ ...valid(), 'members.jsonl': `${JSON.stringify(member)}\n` }));
    expect(result).toEqual({ error: 'members.jsonl line 1: no conversation 9', empty: true });
  });

  it('refuses an archive with a required file missing, or an unknown entry', async () => {
    const { 'channels.jsonl': _gone, ...missing } = valid();
    expect((await attempt(archive(missing))).error).toMatch(/missing channels.jsonl/);
    const { 'files.jsonl': _last, ...noTail } = valid();
    expect((await attempt(archive(noTail))).error).toMatch(/missing files.jsonl/);
    expect((await attempt(archive({ ...valid(), 'notes.txt': 'hi' }))).error).toMatch(/notes.txt: not part of a Flack export/);
  });

  it('refuses a manifest whose counts disagree with the lines', async () => {
    const result = await attempt(archive({ ...valid(), 'manifest.json': JSON.stringify({ ...manifest, counts: { users: 2 } }) }));
    expect(result).toEqual({ error: expect.stringMatching(/counts.users is 2 but the archive has 1/), empty: true });
  });

  it('refuses something that is not a zip at all', async () => {
    const path = join(dir, 'not.zip');
    writeFileSync(path, 'just text, no zip here');
    const result = await attempt(path);
    expect(result.empty).toBe(true);
    expect(result.error).toMatch(/missing manifest.json|not a readable zip/);
  });
});
