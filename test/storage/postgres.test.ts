import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
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
