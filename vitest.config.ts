import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The repo's own tests: the mechanism, the site and the sandbox payloads.
// Each example runs its own tests (npm run test:examples).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Concurrent suites (the sandbox payloads) run one per core.
    maxConcurrency: availableParallelism(),
  },
});
