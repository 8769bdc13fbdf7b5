import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { exportWorkspace } from '../../src/export/export.js';
import { importWorkspace } from '../../src/export/import.js';
import { DiskFileBytes } from '../../src/storage/file-bytes/disk-file-bytes.js';
import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { openPostgresSink } from '../../src/storage/postgres/table-rows.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { openSqliteSink, openSqliteSource } from '../../src/storage/sqlite/table-rows.js';
import type { Storage } from '../../src/storage/storage.js';
import type { TableSink } from '../../src/storage/table-rows.js';
import { DATABASE_URL, schemaNamespace, withPostgres } from '../storage/postgres-harness.js';
import { FILE_A, FILE_B, fillWorkspace, observe, T0 } from './fill.js';

const dir = mkdtempSync(join(tmpdir(), 'flack-export-'));
const schemas = schemaNamespace('export');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schemas.drop();
});

/** A filled SQLite install, exported: its observation and the archive. */
async function exported(name: string) {
  const file = join(dir, `${name}.db`);
  const filesDir = join(dir, `${name}-files`);
  const s = await openSqliteStorage(file);
  const ids = await fillWorkspace(s, filesDir);
  const before = await observe(s, ids.userIds, ids.conversationIds);
  await s.close();
  const archive = join(dir, `${name}.zip`);
  const source = openSqliteSource(file);
  try {
    await exportWorkspace(source, await new DiskFileBytes(filesDir).open(), archive, T0);
  } finally {
    await source.close();
  }
  return { ids, before, archive };
}

async function importAndCompare(name: string, sink: TableSink, open: () => Promise<Storage>) {
  const { ids, before, archive } = await exported(name);
  const filesDir = join(dir, `${name}-imported-files`);
  const progress: string[] = [];
  const counts = await importWorkspace(archive, sink, await new DiskFileBytes(filesDir).open(), { progress: (l) => progress.push(l), progressEvery: 5 });
  await sink.close();
  expect(counts).toEqual({ users: 4, channels: 4, members: 10, messages: 18, follows: 3, blocks: 1, files: 2 });
  expect(progress).toContain('imported 5 messages');
  const s = await open();
  try {
    expect(await observe(s, ids.userIds, ids.conversationIds)).toEqual(before);
    // Secrets stay behind: nobody can sign in until an admin makes a reset link, and no session came along.
    expect((await s.findUserById(ids.userIds[0]!))!.passwordHash).toBe('');
    expect(await s.findSessionUser('alice-phone')).toBeNull();
    expect(await s.useIntegrationToken('bot-token', 'bot', T0, 0)).toBeNull();
    // New rows continue after the imported ids, and an imported clientId is still recognised.
    const next = await s.appendMessage({ conversationId: ids.conversationIds[0]!, authorId: ids.userIds[1]!, kind: 'user', body: 'after', clientId: 'after', createdAt: T0 });
    expect(next.message.id).toBe(Math.max(...before.messages.flat().map((m) => m.id), ...before.threads.flat().map((m) => m.id)) + 1);
    expect((await s.appendMessage({ conversationId: ids.conversationIds[0]!, authorId: ids.userIds[0]!, kind: 'user', body: 'x', clientId: 'c1', createdAt: T0 })).created).toBe(false);
    expect((await s.createUser({ username: 'dave', passwordHash: 'h', createdAt: T0 })).id).toBe(Math.max(...ids.userIds) + 1);
  } finally {
    await s.close();
  }
  expect(readFileSync(join(filesDir, 'aa', FILE_A), 'utf8')).toBe('bytes of A');
  expect(readFileSync(join(filesDir, 'aa', `${FILE_A}.preview`), 'utf8')).toBe('preview A');
  expect(readFileSync(join(filesDir, 'bb', FILE_B), 'utf8')).toBe('bytes of B');
}

describe('a Flack export imported into a fresh install', () => {
  it('shows every client exactly what the original showed, on SQLite', async () => {
    const file = join(dir, 'target.db');
    await importAndCompare('to-sqlite', openSqliteSink(file), () => openSqliteStorage(file));
  });

  it('refuses an install that already has someone in it, and writes nothing', async () => {
    const { archive } = await exported('busy');
    const file = join(dir, 'busy-target.db');
    const s = await openSqliteStorage(file);
    await s.createUser({ username: 'already', passwordHash: 'h', createdAt: T0 });
    await s.close();
    const sink = openSqliteSink(file);
    await expect(importWorkspace(archive, sink, await new DiskFileBytes(join(dir, 'busy-files')).open())).rejects.toThrow(/fresh install/);
    await sink.close();
  });

  it('a dry run counts what it would create and writes nothing', async () => {
    const { archive } = await exported('dry');
    const file = join(dir, 'dry-target.db');
    const sink = openSqliteSink(file);
    const counts = await importWorkspace(archive, sink, await new DiskFileBytes(join(dir, 'dry-files')).open(), { dryRun: true });
    expect(counts.messages).toBe(18);
    expect(await sink.isEmpty()).toBe(true);
    await sink.close();
  });
});

withPostgres(() => {
  describe('a Flack export imported into PostgreSQL', () => {
    it('shows every client exactly what the SQLite original showed', async () => {
      const schema = schemas.schema('target');
      await importAndCompare('to-pg', await openPostgresSink(DATABASE_URL, schema), () => openPostgresStorage(DATABASE_URL, { schema }));
    });
  });
});
