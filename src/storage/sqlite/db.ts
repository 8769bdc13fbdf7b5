// The SQLite connection every store file shares: pragmas, migrations, cached prepared statements, and the
// mapping of unique-constraint failures to UniqueViolation.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UniqueViolation } from '../storage.js';
import { Checkpointer } from './checkpointer.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

export class SqliteDb {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly rawStatements = new Map<string, Database.Statement>();
  private readonly checkpointer?: Checkpointer;
  private readonly closing: (() => void)[] = [];

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (kill -9); only an OS crash may lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('journal_size_limit = 67108864'); // a WAL that grew in a burst is truncated back to 64 MB
    if (file !== ':memory:') {
      // The checkpointer thread keeps the log short; the writer checkpoints by itself only past 40 MB of log
      // (a worker that cannot keep up), instead of every 4 MB.
      this.db.pragma('wal_autocheckpoint = 10000');
      this.checkpointer = new Checkpointer(file);
    }
  }

  /** The same statement, answering rows as arrays: cheaper than better-sqlite3's objects for wide rows. */
  rawSql(source: string): Database.Statement {
    let statement = this.rawStatements.get(source);
    if (!statement) {
      statement = this.db.prepare(source).raw(true);
      this.rawStatements.set(source, statement);
    }
    return statement;
  }

  /** A prepared statement, compiled once per connection. */
  sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }

  migrate(): void {
    // Read the version inside the write transaction: several processes may start on a new file at once.
    const apply = this.db.transaction(() => {
      const version = this.db.pragma('user_version', { simple: true }) as number;
      for (const step of SQLITE_MIGRATIONS.slice(version)) {
        if (typeof step === 'string') this.db.exec(step);
        else step(this.db);
      }
      this.db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
    });
    apply.immediate();
  }

  /** Runs `flush` before the connection closes (writes still queued for a group commit). */
  beforeClose(flush: () => void): void {
    this.closing.push(flush);
  }

  async close(): Promise<void> {
    if (this.db.open) for (const flush of this.closing) flush();
    await this.checkpointer?.close();
    if (this.db.open) this.db.close(); // the last connection to close checkpoints the whole WAL
  }
}

/** Runs `work`; a unique-constraint failure on a user-facing key becomes UniqueViolation. */
export function unique<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof Error) || (error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    if (error.message.includes('users.username_key')) throw new UniqueViolation('username');
    if (error.message.includes('conversations.name_key')) throw new UniqueViolation('channel_name');
    if (error.message.includes('conversations.name_skeleton')) throw new UniqueViolation('channel_name');
    if (error.message.includes('conversations.dm_key')) throw new UniqueViolation('dm_key');
    throw error;
  }
}
