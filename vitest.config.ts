import { defineConfig } from 'vitest/config';

// Two cores: run test files two at a time; browser and multi-node files are heavy and bring their own timeouts.
// The integration suite runs twice: on the default SQLite store, and in cluster mode on PostgreSQL + Redis. The
// tests that run the docs' own commands and examples check the docs, not the store, so they run on SQLite only.
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
          name: 'postgres+redis',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/*-docs.integration.test.ts', 'test/integration/example-*.integration.test.ts'],
          env: { FLACK_TEST_STORE: 'postgres', FLACK_TEST_REDIS: 'redis://127.0.0.1:6379' },
        },
      },
    ],
  },
});
