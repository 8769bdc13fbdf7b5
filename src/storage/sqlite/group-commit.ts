// Group commit: writes asked for during one turn of the event loop share one transaction. SQLite then takes its
// file locks once and writes each touched page (the table's last leaf, the conversations row, the indexes) to the
// WAL once per batch instead of once per write — most of a message's storage cost. Each write still runs in its
// own savepoint, so one that fails rolls back alone and the others commit. A batch waits for nothing: it is
// committed at the end of the turn (setImmediate), so a lone write is as fast as before.
import type Database from 'better-sqlite3';

interface Pending<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private readonly commitBatch: Database.Transaction<(batch: Pending<I, O>[]) => (() => void)[]>;

  /** `write` must be a better-sqlite3 transaction function: nested in the batch, it becomes a savepoint. */
  constructor(db: Database.Database, private readonly write: Database.Transaction<(input: I) => O>) {
    this.commitBatch = db.transaction((batch) =>
      batch.map((item) => {
        try {
          const output = write(item.input);
          return () => item.resolve(output);
        } catch (error) {
          return () => item.reject(error);
        }
      }),
    );
  }

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.queue.push({ input, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits whatever is queued now (also called before the database closes). */
  flush(): void {
    const batch = this.queue;
    if (!batch.length) return;
    this.queue = [];
    if (batch.length === 1) return this.commitOne(batch[0]!);
    let settle: (() => void)[];
    try {
      settle = this.commitBatch.immediate(batch);
    } catch (error) {
      for (const item of batch) item.reject(error); // the COMMIT itself failed: nothing was stored
      return;
    }
    for (const done of settle) done();
  }

  private commitOne(item: Pending<I, O>): void {
    try {
      item.resolve(this.write.immediate(item.input));
    } catch (error) {
      item.reject(error);
    }
  }
}
