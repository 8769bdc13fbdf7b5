// SQLite side of src/storage/table-rows.ts: its own connection (the import and the export run with Flack stopped),
// one transaction for a whole export's reads or a whole import's writes.
import { identifier, type Row, type TableSink, type TableSource, type TableWriter } from '../table-rows.js';
import { SqliteDb } from './db.js';

export function openSqliteSource(file: string): TableSource {
  const s = new SqliteDb(file);
  s.migrate();
  s.db.exec('BEGIN'); // every page from the same moment
  return {
    async page(table, columns, key, after, limit) {
      const keys = key.map(identifier).join(', ');
      const where = after ? `WHERE (${keys}) > (${after.map(() => '?').join(', ')})` : '';
      return s.db
        .prepare(`SELECT ${columns.map(identifier).join(', ')} FROM ${identifier(table)} ${where} ORDER BY ${keys} LIMIT ?`)
        .all(...(after ?? []), limit) as Row[];
    },
    async range(table, columns, column, from, to, orderBy) {
      return s.db
        .prepare(`SELECT ${columns.map(identifier).join(', ')} FROM ${identifier(table)} WHERE ${identifier(column)} BETWEEN ? AND ? ORDER BY ${orderBy.map(identifier).join(', ')}`)
        .all(from, to) as Row[];
    },
    async count(table) {
      return (s.db.prepare(`SELECT count(*) AS n FROM ${identifier(table)}`).get() as { n: number }).n;
    },
    async close() {
      s.db.exec('COMMIT');
      await s.close();
    },
  };
}

/** SQLite keeps lower-cased copies of usernames and public channel names for its unique indexes. */
function derived(table: string, row: Row): Row {
  if (table === 'users') return { ...row, username_key: String(row.username).toLowerCase() };
  if (table === 'conversations') return { ...row, name_key: row.kind === 'public' ? String(row.name).toLowerCase() : null };
  return row;
}

const bind = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value);

export function openSqliteSink(file: string): TableSink {
  const s = new SqliteDb(file);
  s.migrate();
  const writer: TableWriter = {
    async insert(table, row) {
      const full = derived(table, row);
      const names = Object.keys(full).map(identifier);
      s.sql(`INSERT INTO ${identifier(table)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(
        ...Object.values(full).map(bind),
      );
    },
    async update(table, where, set) {
      const sets = Object.keys(set).map((c) => `${identifier(c)} = ?`).join(', ');
      const conditions = Object.keys(where).map((c) => `${identifier(c)} = ?`).join(' AND ');
      s.sql(`UPDATE ${identifier(table)} SET ${sets} WHERE ${conditions}`).run(...Object.values(set).map(bind), ...Object.values(where).map(bind));
    },
  };
  return {
    async isEmpty() {
      return !s.sql('SELECT 1 FROM users UNION ALL SELECT 1 FROM conversations LIMIT 1').get();
    },
    async load(fill) {
      s.db.exec('BEGIN IMMEDIATE');
      try {
        await fill(writer);
        s.db.exec('COMMIT');
      } catch (error) {
        s.db.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => s.close(),
  };
}
