import { defineConfig } from 'vitest/config';

// This example's tests: what `npm test` runs here, and its own project in the
// repository's npm test (the root vitest.config.ts lists examples/*).
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
