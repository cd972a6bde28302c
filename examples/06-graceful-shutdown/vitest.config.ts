import { defineConfig } from 'vitest/config';

// This example's tests: what `npm test` runs here, and its own project in the
// repository's npm test (the root vitest.config.ts lists examples/*).
// They start real processes and send real signals; 60 s per test leaves room
// for a busy machine (the payload test runs them beside the site's tests).
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
