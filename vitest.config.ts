import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The project that runs example 07's tests on PostgreSQL. */
export const ON_POSTGRES = 'example-07-job-queue on PostgreSQL';

/** The files that take longest, longest first. Each file alone (`npx vitest
 * run --project P FILE` under /usr/bin/time, 2026-12-05 17:13–17:31, load
 * 0.8–7: the lead's valgrind beside it), wall and CPU-s (user + sys, child
 * processes included): the payload and site files use both cores themselves. */
const LONGEST = [
  'test/payload.test.ts', // 114 s, 118 CPU-s: four npm ci, four tsc -b, seven npm start
  'test/site.test.ts', // 77 s (idle), 49 CPU-s: three builds, a browser over every page
  'examples/06-graceful-shutdown/test/watchers.test.ts', // 28 s, 13 CPU-s: tsx watch's own 5 s
  'examples/06-graceful-shutdown/test/shutdown.test.ts', // 22 s, 19 CPU-s
  'examples/07-job-queue/test/runtime.test.ts', // 25 s, 23 CPU-s: two demos, PGlite each
  'examples/07-job-queue/test/worker.test.ts', // 20 s, 20 CPU-s (18 on PostgreSQL)
  'examples/06-graceful-shutdown/test/npm.test.ts',
  'examples/06-graceful-shutdown/test/load.test.ts',
  'examples/06-graceful-shutdown/test/pm2.test.ts',
  'test/semantics.test.ts',
  'examples/06-graceful-shutdown/test/runtime.test.ts',
  'test/claims.test.ts',
  'test/checks/lint.test.ts',
  'test/checks/typecheck.test.ts',
];

/** Longest first, whatever the project: with two workers, a long file that
 * starts late is the whole run's tail. Vitest's own order runs the projects
 * one after the other by name, so the site's two longest files started
 * after every example's. A clean clone has no timing cache yet: the files
 * named above go first, in that order; then Vitest's cached durations (a
 * run before this one), then the larger file first. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification) => {
      const at = LONGEST.indexOf(path.relative(root, spec.moduleId));
      return at === -1 ? LONGEST.length : at;
    };
    const key = (spec: TestSpecification) =>
      `${spec.project.name}:${path.relative(root, spec.moduleId)}`;
    const cached = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(key(spec))?.duration;
    const size = (spec: TestSpecification) =>
      this.ctx.cache.getFileStats(key(spec))?.size ?? 0;
    return [...files].sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (cached(b) ?? 0) - (cached(a) ?? 0) ||
        size(b) - size(a),
    );
  }
}

// Every test in the repository, as Vitest projects: one per part of npm test.
// `npx vitest run --project NAME` runs one part; `npx vitest run FILE` one file.
export default defineConfig({
  test: {
    // Two test files at a time. A project whose config sets its own
    // maxWorkers (examples/07-job-queue) must set this same number: Vitest
    // runs projects with different maxWorkers one group after the other.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
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
      // package.json (example-NN-name). Example 07's is listed below.
      'examples/*',
      '!examples/07-job-queue',
      // Example 07's tests on PGlite, with V8's baseline WebAssembly compiler
      // only (scripts/liftoff-only.ts says why). Here and not in the
      // example's own config: the sandbox runs that one on StackBlitz's Node,
      // where a V8 flag is untried.
      {
        extends: './examples/07-job-queue/vitest.config.ts',
        test: {
          name: 'example-07-job-queue',
          root: './examples/07-job-queue',
          setupFiles: [
            fileURLToPath(new URL('scripts/liftoff-only.ts', import.meta.url)),
          ],
        },
      },
      // Example 07's tests once more, on a real PostgreSQL server that
      // scripts/postgres.ts starts for this project and stops after it.
      // All but runtime.test.ts: it runs npm start's demo with a runtime
      // check failing, and the demo then runs on PGlite in its own process,
      // whatever server the tests have (the child never sees DATABASE_URL):
      // here it ran the same two demos again (≈ 25 CPU-s of npm test's ≈ 400).
      {
        extends: './examples/07-job-queue/vitest.config.ts',
        test: {
          name: ON_POSTGRES,
          root: './examples/07-job-queue',
          exclude: [...configDefaults.exclude, 'test/runtime.test.ts'],
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
