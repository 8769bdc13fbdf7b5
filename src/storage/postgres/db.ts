// The few pg helpers every Postgres store file shares: the pool, a transaction wrapper, unique-violation mapping.
import pg from 'pg';
import { UniqueViolation } from '../storage.js';

export type Queryable = pg.Pool | pg.PoolClient;

// Plain identifiers only: the name goes into a connection option and into DDL.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A pool whose connections all resolve table names in `schema` (null: the server's default search_path). */
export function createPool(url: string, schema: string | null): pg.Pool {
  if (schema !== null && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    ...(schema && { options: `-c search_path=${schema}` }),
  });
  // An idle connection that dies (server restart, network) is dropped by the pool and replaced on next use;
  // without a listener its 'error' event would crash the process.
  pool.on('error', () => {});
  return pool;
}

/** Runs `work` inside BEGIN/COMMIT on one pooled connection; any throw rolls back and is rethrown. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not put back into the pool.
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}

// Index and constraint names from migrations.ts that carry a user-facing meaning.
const UNIQUE_CONSTRAINTS: Record<string, UniqueViolation['constraint']> = {
  users_username_key: 'username',
  conversations_name_key: 'channel_name',
  conversations_name_skeleton_key: 'channel_name',
  conversations_dm_key_key: 'dm_key',
};

/** Awaits `query`; SQLSTATE 23505 (unique_violation) on one of the constraints above becomes UniqueViolation. */
export async function unique<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (error instanceof pg.DatabaseError && error.code === '23505') {
      const constraint = UNIQUE_CONSTRAINTS[error.constraint ?? ''];
      if (constraint) throw new UniqueViolation(constraint);
    }
    throw error;
  }
}
