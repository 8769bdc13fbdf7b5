// Whole tables, row by row, for moving a workspace in and out (src/export/): both stores have the same table and
// column names (sqlite/migrations.ts), so the export and the import are written once, against this.
export type Row = Record<string, unknown>;

/** A consistent, read-only view of every table, from one moment (one read transaction). */
export interface TableSource {
  /** Rows in `key` order after the row whose key is `after` (null: from the start), at most `limit`. */
  page(table: string, columns: readonly string[], key: readonly string[], after: readonly unknown[] | null, limit: number): Promise<Row[]>;
  /** Rows whose `column` is between `from` and `to` (inclusive), ordered by `orderBy`. */
  range(table: string, columns: readonly string[], column: string, from: number, to: number, orderBy: readonly string[]): Promise<Row[]>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export interface TableWriter {
  insert(table: string, row: Row): Promise<void>;
  /** `UPDATE table SET <set> WHERE <where>`. */
  update(table: string, where: Row, set: Row): Promise<void>;
}

/** Writes into an install, keeping the ids it is given. */
export interface TableSink {
  /** No users and no conversations: nothing an import's ids could collide with. */
  isEmpty(): Promise<boolean>;
  /**
   * Everything `fill` writes, in one transaction, or nothing; afterwards new rows get ids after the largest written.
   * Rows name the columns both stores share; each store adds its own derived ones (SQLite's lower-cased keys).
   */
  load(fill: (writer: TableWriter) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Plain identifiers only: table and column names go into SQL text. */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return name;
}
