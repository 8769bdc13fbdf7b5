// Writes the whole workspace into a Flack export archive (docs/EXPORT-IMPORT.md). Best with Flack stopped (the
// export reads one consistent moment either way):
//   [DATA_DIR=./data] [DATABASE_URL=…] [FILES_DIR=…] npm run export -- --out flack-export.zip
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { exportWorkspace } from '../src/export/export.js';
import { loadConfig } from '../src/server/config.js';
import { DiskFileBytes } from '../src/storage/file-bytes/disk-file-bytes.js';
import { openPostgresSource } from '../src/storage/postgres/table-rows.js';
import { openSqliteSource } from '../src/storage/sqlite/table-rows.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'flack-export.zip' } } });
const config = loadConfig();
const source = config.databaseUrl ? await openPostgresSource(config.databaseUrl) : openSqliteSource(join(config.dataDir, 'flack.db'));
try {
  const counts = await exportWorkspace(source, await new DiskFileBytes(config.filesDir).open(), values.out!);
  console.log(`Exported into ${values.out}:`);
  for (const [what, count] of Object.entries(counts)) console.log(`  ${what}: ${count}`);
  console.log('Not exported: passwords, sessions, bot tokens, drafts, invite links, the audit log.');
} catch (error) {
  console.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await source.close();
}
