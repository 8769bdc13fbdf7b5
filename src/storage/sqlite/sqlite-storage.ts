// The embedded default store: one SQLite file in WAL mode, prepared statements, one transaction per write.
import type { Storage } from '../storage.js';
import { conversationById, conversationStore } from './conversations.js';
import { SqliteDb } from './db.js';
import { draftStore } from './drafts.js';
import { fileRecords } from './files.js';
import { integrationStore } from './integrations.js';
import { pushStore } from './push.js';
import { messageStore } from './messages.js';
import { outgoingStore } from './outgoing.js';
import { userStore } from './users.js';
import { workspaceStore } from './workspace.js';

/** Opens (creating if needed) the database file and applies pending migrations. */
export async function openSqliteStorage(file: string): Promise<Storage> {
  const db = new SqliteDb(file);
  db.migrate();
  return {
    ...userStore(db, (id) => conversationById(db, id)),
    ...conversationStore(db),
    ...messageStore(db),
    ...draftStore(db),
    ...fileRecords(db),
    ...workspaceStore(db),
    ...integrationStore(db),
    ...outgoingStore(db),
    ...pushStore(db),
    migrate: async () => db.migrate(),
    close: () => db.close(),
    ping: async () => void db.sql('SELECT 1').get(),
    sizeBytes: async () => (db.sql('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number }).bytes,
  };
}
