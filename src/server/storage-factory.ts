// SQLite in DATA_DIR by default; PostgreSQL when DATABASE_URL is set.
import { join } from 'node:path';
import type { Storage } from '../storage/storage.js';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import type { Config } from './config.js';

export async function openStorage(config: Config): Promise<Storage> {
  if (config.databaseUrl) {
    const { openPostgresStorage } = await import('../storage/postgres/postgres-storage.js');
    return openPostgresStorage(config.databaseUrl);
  }
  return openSqliteStorage(join(config.dataDir, 'flack.db'));
}
