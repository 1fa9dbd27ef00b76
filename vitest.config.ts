import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  resolve: { alias: { '#shared': `${root}shared` } },
  test: {
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file starts its own built server on its own temporary database, so files run in parallel.
          fileParallelism: true,
          globalSetup: ['tests/server/global-setup-sqlite.ts'],
        },
      },
      {
        // The same server tests on PostgreSQL (issue 13): a server started for the run, a database per test server.
        extends: true,
        test: {
          name: 'server-postgres',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: true,
          env: { TEST_STORE: 'postgres' },
          globalSetup: ['tests/server/global-setup-postgres.ts'],
        },
      },
    ],
  },
})
