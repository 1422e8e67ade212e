import { defineConfig } from 'vitest/config';

// Fast pure unit tests (and web components), then integration tests that get a fresh PostgreSQL
// database per test file (cloned from a migrated template), then the incident simulator alone.
const SIMULATOR_TESTS = 'packages/services/src/planner/simulation/*.integration.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
        },
      },
      {
        // Components of the web app, rendered in jsdom (Playwright specs in e2e/ are not collected).
        test: {
          name: 'web',
          sequence: { groupOrder: 0 },
          include: ['apps/web/src/**/*.test.tsx'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'integration',
          // Unit tests first (fast feedback), then the database-backed files two at a time.
          sequence: { groupOrder: 1 },
          include: [
            'packages/*/src/**/*.integration.test.ts',
            'apps/*/src/**/*.integration.test.ts',
            'scripts/**/*.integration.test.ts',
            'bench/**/*.integration.test.ts',
          ],
          exclude: ['**/node_modules/**', SIMULATOR_TESTS],
          globalSetup: ['packages/db/src/testing/global-setup.ts'],
          setupFiles: ['packages/db/src/testing/per-file-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        // The incident simulator last and alone: its targets' scripted latencies are measured in
        // real time, and a second test file hogging the two cores makes healthy responses look slow.
        test: {
          name: 'simulation',
          sequence: { groupOrder: 2 },
          include: [SIMULATOR_TESTS],
          globalSetup: ['packages/db/src/testing/global-setup.ts'],
          setupFiles: ['packages/db/src/testing/per-file-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
    ],
  },
});
