// PostgreSQL side of src/storage/table-rows.ts: an export reads in one REPEATABLE READ transaction (one moment);
// an import writes in one transaction, rows batched into multi-row INSERTs, then moves the id sequences past them.
import { identifier, type Row, type TableSink, type TableSource, type TableWriter } from '../table-rows.js';
import { createPool, transaction } from './db.js';
import { migrate } from './migrations.js';

export async function openPostgresSource(url: string, schema: string | null = null): Promise<TableSource> {
  const pool = createPool(url, schema);
  await migrate(pool, schema);
  const client = await pool.connect();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const rows = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows.map(numbers);
  return {
    page(table, columns, key, after, limit) {
      const keys = key.map(identifier).join(', ');
      const params = [...(after ?? []), limit];
      const where = after ? `WHERE (${keys}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})` : '';
      return rows(`SELECT ${columns.map(identifier).join(', ')} FROM ${identifier(table)} ${where} ORDER BY ${keys} LIMIT $${params.length}`, params);
    },
    range(table, columns, column, from, to, orderBy) {
      return rows(
        `SELECT ${columns.map(identifier).join(', ')} FROM ${identifier(table)} WHERE ${identifier(column)} BETWEEN $1 AND $2 ORDER BY ${orderBy.map(identifier).join(', ')}`,
        [from, to],
      );
    },
    async count(table) {
      return Number((await client.query(`SELECT count(*) AS n FROM ${identifier(table)}`)).rows[0].n);
    },
    async close() {
      await client.query('COMMIT').catch(() => {});
      client.release();
      await pool.end();
    },
  };
}

/** bigint columns come back as strings; every number Flack stores fits a double. */
function numbers(row: Row): Row {
  for (const [k, v] of Object.entries(row)) if (typeof v === 'string' && /^-?\d+$/.test(v) && BIGINT.has(k)) row[k] = Number(v);
  return row;
}
// The text columns that hold digits must stay text (a body of "42"), so only these are converted.
const BIGINT = new Set([
  'id', 'user_id', 'conversation_id', 'message_id', 'root_id', 'thread_id', 'blocked_id', 'author_id', 'created_by', 'channel_id',
  'seq', 'last_seq', 'clock', 'created_clock', 'last_read_seq', 'hidden_seq', 'reply_count', 'reaction_count',
  'created_at', 'joined_at', 'edited_at', 'deleted_at', 'last_reply_at', 'replaced_at', 'archived_at', 'deactivated_at',
  'retention_days', 'size', 'width', 'height', 'token_issued_at', 'last_used_at', 'last_conversation_id', 'version', 'n',
]);

const BATCH_PARAMS = 30_000;

export async function openPostgresSink(url: string, schema: string | null = null): Promise<TableSink> {
  const pool = createPool(url, schema);
  await migrate(pool, schema);
  return {
    async isEmpty() {
      const { rows } = await pool.query('SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM conversations) AS n');
      return Number(rows[0].n) === 0;
    },
    async load(fill) {
      await transaction(pool, async (client) => {
        await client.query('LOCK TABLE users, conversations IN EXCLUSIVE MODE');
        const batches = new Map<string, { names: string[]; values: unknown[][] }>();
        const flush = async (table: string) => {
          const batch = batches.get(table);
          if (!batch?.values.length) return;
          const n = batch.names.length;
          const tuples = batch.values.map((_, r) => `(${batch.names.map((_, c) => `$${r * n + c + 1}`).join(', ')})`);
          await client.query(`INSERT INTO ${identifier(table)} (${batch.names.join(', ')}) VALUES ${tuples.join(', ')}`, batch.values.flat());
          batch.values = [];
        };
        const flushAll = async () => {
          for (const table of batches.keys()) await flush(table);
        };
        const writer: TableWriter = {
          async insert(table, row) {
            const names = Object.keys(row).map(identifier);
            let batch = batches.get(table);
            // Rows of one table come together, in dependency order: a new table (or shape) writes what is pending first.
            if (!batch || batch.names.join() !== names.join()) {
              await flushAll();
              batch = { names, values: [] };
              batches.set(table, batch);
            }
            batch.values.push(Object.values(row));
            if ((batch.values.length + 1) * names.length > BATCH_PARAMS) await flush(table);
          },
          async update(table, where, set) {
            await flushAll();
            const sets = Object.keys(set).map((c, i) => `${identifier(c)} = $${i + 1}`);
            const offset = sets.length;
            const conditions = Object.keys(where).map((c, i) => `${identifier(c)} = $${offset + i + 1}`);
            await client.query(`UPDATE ${identifier(table)} SET ${sets.join(', ')} WHERE ${conditions.join(' AND ')}`, [
              ...Object.values(set),
              ...Object.values(where),
            ]);
          },
        };
        await fill(writer);
        await flushAll();
        for (const table of ['users', 'conversations', 'messages']) {
          await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE(max(id), 0) + 1, false) FROM ${table}`);
        }
      });
    },
    close: () => pool.end(),
  };
}
