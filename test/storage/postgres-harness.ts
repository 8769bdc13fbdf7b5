// Shared by the PostgreSQL test files: where the server is, a throwaway schema namespace per run, and the rule that
// an unreachable server fails in CI (never a silent skip) and is skipped, loudly, on a developer machine.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { it } from 'vitest';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await probe();

/** Registers the tests when PostgreSQL answers; otherwise one failing (CI) or skipped test that says why. */
export function withPostgres(register: () => void): void {
  if (unreachable === null) return register();
  const why = `PostgreSQL unreachable at ${DATABASE_URL} (${unreachable}); set DATABASE_URL`;
  if (process.env.CI === 'true') {
    it('PostgreSQL is reachable (required in CI)', () => {
      throw new Error(why);
    });
  } else {
    console.warn(`Skipping PostgreSQL tests: ${why}`);
    it.skip(`PostgreSQL tests skipped: ${why}`, () => {});
  }
}

/** Schemas named `${prefix}_${name}`, unique to this run, all dropped by drop(). */
export function schemaNamespace(label: string) {
  const prefix = `flack_${label}_${randomBytes(4).toString('hex')}`;
  return {
    schema: (name: string) => `${prefix}_${name}`,
    async drop(): Promise<void> {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>(
          'SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)',
          [`${prefix}_`],
        );
        for (const { name } of rows) await client.query(`DROP SCHEMA ${pg.escapeIdentifier(name)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
