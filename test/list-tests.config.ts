// The config test/claims.test.ts lists tests with (`vitest list --config`):
// every example's tests and the mechanism's, as one project. The same tests,
// by the same names, as vitest.config.ts's projects collect them; one module
// graph instead of one per example (≈ 3 CPU-s instead of ≈ 13: each project
// would load Express, supertest and Vitest's runner again).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['examples/*/test/**/*.test.ts', 'test/background-tasks.test.ts'],
  },
});
