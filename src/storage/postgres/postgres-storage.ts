// PostgreSQL implementation of Storage: one pg Pool shared by the per-concern stores.
import type { Storage } from '../storage.js';
import { conversationById, conversationStore } from './conversations.js';
import { createPool } from './db.js';
import { draftStore } from './drafts.js';
import { fileRecords } from './files.js';
import { integrationStore } from './integrations.js';
import { memberStore } from './members.js';
import { pushStore } from './push.js';
import { messageStore } from './messages.js';
import { migrate } from './migrations.js';
import { outgoingStore } from './outgoing.js';
import { userStore } from './users.js';
import { workspaceStore } from './workspace.js';

export interface PostgresOptions {
  /** Keep every table in this schema (created if missing), e.g. one per test run or per tenant. */
  schema?: string;
}

/** Opens a pool on `url` and applies pending migrations, like openSqliteStorage: the store is ready to use. */
export async function openPostgresStorage(url: string, options: PostgresOptions = {}): Promise<Storage> {
  const schema = options.schema ?? null;
  const pool = createPool(url, schema);
  let closing: Promise<void> | undefined;

  const storage: Storage = {
    ...userStore(pool, conversationById),
    ...conversationStore(pool),
    ...memberStore(pool, conversationById),
    ...messageStore(pool),
    ...draftStore(pool),
    ...fileRecords(pool),
    ...workspaceStore(pool),
    ...integrationStore(pool),
    ...outgoingStore(pool),
    ...pushStore(pool),
    migrate: () => migrate(pool, schema),
    close: () => (closing ??= pool.end()),
    async ping() {
      await pool.query('SELECT 1');
    },
    async sizeBytes() {
      const { rows } = await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
      return Number(rows[0]!.bytes);
    },
  };
  try {
    await storage.migrate();
  } catch (error) {
    await pool.end();
    throw error;
  }
  return storage;
}
