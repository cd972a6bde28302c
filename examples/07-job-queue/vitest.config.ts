import { defineConfig } from 'vitest/config';

// This example's tests: what `npm test` runs here, and its own project in the
// repository's npm test (the root vitest.config.ts lists examples/*; its
// test:all runs these tests a second time on PostgreSQL). The test files
// mostly wait on the queue's timers (polling, retry delays, expiry), not on
// the CPU, so two run at once even on two cores.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], maxWorkers: 2 },
});
