import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The project that runs example 07's tests on PostgreSQL. */
export const ON_POSTGRES = 'example-07-job-queue on PostgreSQL';

// Every test in the repository, as Vitest projects: one per part of npm test.
// `npx vitest run --project NAME` runs one part; `npx vitest run FILE` one file.
export default defineConfig({
  test: {
    // Two test files at a time. A project whose config sets its own
    // maxWorkers (examples/07-job-queue) must set this same number: Vitest
    // runs projects with different maxWorkers one group after the other.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'lint',
          include: ['test/checks/lint.test.ts'],
          testTimeout: 0, // a command of its own: as long as it takes on a busy machine
        },
      },
      {
        test: {
          name: 'typecheck',
          include: ['test/checks/typecheck.test.ts'],
          testTimeout: 0,
        },
      },
      // Each example's own vitest.config.ts; the project is named after its
      // package.json (example-NN-name).
      'examples/*',
      // Example 07's tests once more, on a real PostgreSQL server that
      // scripts/postgres.ts starts for this project and stops after it.
      {
        extends: './examples/07-job-queue/vitest.config.ts',
        test: {
          name: ON_POSTGRES,
          root: './examples/07-job-queue',
          globalSetup: [
            fileURLToPath(new URL('scripts/postgres.ts', import.meta.url)),
          ],
        },
      },
      {
        test: {
          name: 'site',
          include: ['test/*.test.ts'],
          testTimeout: 20_000,
          // Concurrent suites (the sandbox payloads) run one per core.
          maxConcurrency: availableParallelism(),
        },
      },
    ],
  },
});
