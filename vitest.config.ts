import { defineConfig } from 'vitest/config';

// Two cores: run test files two at a time; browser and multi-node files are heavy and bring their own timeouts.
// The integration suite runs twice: on the default SQLite store, and on PostgreSQL (each server its own database).
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts'],
          env: { FLACK_TEST_STORE: 'postgres' },
        },
      },
    ],
  },
});
