import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { describeStorageConformance } from './conformance.js';

// Each database the suite asks for is a file of its own in a temporary directory, removed at the end.
// better-sqlite3 is synchronous, so the suite's "several nodes" run their connections one call at a time here:
// they check that separate connections agree, not how writers from separate processes race.
const dir = mkdtempSync(join(tmpdir(), 'flack-sqlite-'));

describeStorageConformance(
  'SQLite',
  (db) => openSqliteStorage(join(dir, `${db}.db`)),
  async () => rmSync(dir, { recursive: true, force: true }),
);
