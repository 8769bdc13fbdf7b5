import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/storage/postgres/migrations.js';
import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { UniqueViolation } from '../../src/storage/storage.js';
import { describeStorageConformance } from './conformance.js';
import { DATABASE_URL, schemaNamespace, withPostgres } from './postgres-harness.js';

// Each database the suite asks for is a schema of its own, so test files running in parallel never meet.
const schemas = schemaNamespace('conf');

withPostgres(() =>
  describeStorageConformance(
    'PostgreSQL',
    (db) => openPostgresStorage(DATABASE_URL, { schema: schemas.schema(db) }),
    schemas.drop,
  ),
);

const migrationSchemas = schemaNamespace('migr');

withPostgres(() =>
  describe('PostgreSQL migrations', () => {
    it('give channels stored before name keys theirs; look-alikes stored back then stay, new ones are refused', async () => {
      const schema = migrationSchemas.schema('before_name_keys');
      const old = new pg.Client({ connectionString: DATABASE_URL });
      await old.connect();
      try {
        await old.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
        await old.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
        for (const step of MIGRATIONS.filter((m) => m.version <= 2)) {
          await old.query(step.sql);
          await old.query('INSERT INTO schema_migrations (version) VALUES ($1)', [step.version]);
        }
        await old.query(`INSERT INTO users (id, username, password_hash, created_at) VALUES (1, 'alice', 'h', 1)`);
        for (const name of ['general', 'ｇｅｎｅｒａｌ', 'g\u0435neral']) {
          await old.query(`INSERT INTO conversations (kind, name, created_by, created_at) VALUES ('public', $1, 1, 1)`, [name]);
        }
        await old.query(`INSERT INTO conversations (kind, name, created_by, created_at, dm_key) VALUES ('dm', '', 1, 1, '1')`);
      } finally {
        await old.end();
      }

      const storage = await openPostgresStorage(DATABASE_URL, { schema });
      try {
        const created = storage.createConversation({
          kind: 'public', name: 'gener\u0430l', topic: '', createdBy: 1, createdAt: 2, dmKey: null, memberIds: [1],
        });
        await expect(created).rejects.toEqual(new UniqueViolation('channel_name'));
        expect((await storage.listPublicChannels(1, { limit: 10 })).items.map((c) => c.name)).toEqual(['general', 'g\u0435neral', 'ｇｅｎｅｒａｌ']);
        expect((await storage.updateConversation(3, { name: 'random' }, [], 0)).conversation).toMatchObject({ name: 'random' });
      } finally {
        await storage.close();
        await migrationSchemas.drop();
      }
    });
  }),
);
