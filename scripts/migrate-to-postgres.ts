// Moves a SQLite install into an empty PostgreSQL database. Stop Flack first, then:
//   DATABASE_URL=postgres://user@host/db [DATA_DIR=./data] npx tsx scripts/migrate-to-postgres.ts
// and start Flack again with DATABASE_URL set. The SQLite file is only read; keep it as the backup.
import { join, resolve } from 'node:path';
import { copySqliteToPostgres } from '../src/storage/postgres/copy-from-sqlite.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('Set DATABASE_URL to the (empty) PostgreSQL database to copy into.');
  process.exit(2);
}
const file = join(resolve(process.env.DATA_DIR ?? './data'), 'flack.db');

try {
  const counts = await copySqliteToPostgres(file, databaseUrl);
  console.log(`Copied ${file} into PostgreSQL:`);
  for (const [what, count] of Object.entries(counts)) console.log(`  ${what}: ${count}`);
} catch (error) {
  console.error(`Nothing was copied from ${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
