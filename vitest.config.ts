import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Test files at a time, on 2 cores. Most of npm test's files wait more than
 * they compute (child processes, signals, timers, a browser), so four keep
 * both cores busy: npm test took 205 s with two, 194 s with four, and with
 * six a PM2 test read its log before PM2 had written it (fixed since).
 * Every project sets this same number: Vitest runs projects with different
 * maxWorkers one group after the other. */
const WORKERS = 4;

/** The project that installs and starts each example's sandbox payload. */
const PAYLOADS = 'sandbox-payloads';
const PAYLOADS_FILE = 'test/payload.test.ts';

/** The project that builds the site once and reads what it wrote, in
 * Chromium too; its globalSetup is the build. */
const BUILD = 'build';
const BUILD_FILES = ['test/build.test.ts', 'test/browser.test.ts'];

/** The project that runs example 07's tests on PostgreSQL: not named
 * example-*, so npm test's `--project 'example-*'` leaves it out (Vitest
 * ORs its --project filters: two negated ones would let every project in). */
const ON_POSTGRES = 'postgres-07-job-queue';

/** The files that take longest, longest first. Each file alone (`npx vitest
 * run --project P FILE` under /usr/bin/time, 2026-12-05 17:13–17:31, load
 * 0.8–7: the lead's valgrind beside it), wall and CPU-s (user + sys, child
 * processes included): the payload and site files use both cores themselves. */
const LONGEST = [
  'test/payload.test.ts', // 114 s, 118 CPU-s: four npm ci, four tsc -b, seven npm start
  // 65 s, 34 CPU-s (2026-12-07): Chromium over every page, after the build.
  // Chromium's own CPU, ≈ 58 CPU-s more, is not in /usr/bin/time's count (it
  // waits only for its children): one npm test under process accounting came
  // to 343 CPU-s, 268 by /usr/bin/time, and its Chromium processes to 68.
  'test/browser.test.ts',
  'examples/06-graceful-shutdown/test/watchers.test.ts', // 28 s, 13 CPU-s: tsx watch's own 5 s
  'examples/06-graceful-shutdown/test/shutdown.test.ts', // 22 s, 19 CPU-s
  'examples/07-job-queue/test/runtime.test.ts', // 25 s, 23 CPU-s: two demos, PGlite each
  'examples/07-job-queue/test/worker.test.ts', // 20 s, 20 CPU-s (18 on PostgreSQL)
  'examples/06-graceful-shutdown/test/npm.test.ts',
  'examples/06-graceful-shutdown/test/load.test.ts',
  'examples/06-graceful-shutdown/test/pm2.test.ts',
  'test/site.test.ts', // a broken build, a dev server
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

// Every test in the repository, as Vitest projects: one per part. npm test
// (package.json names its projects) runs all but the three that need more
// than Node and the repository's files: a build of the site (read in
// Chromium too), a PostgreSQL server, and npm's installs on Node 22. Those
// take as much CPU as all the others: npm test took 171 s with the first two
// (2026-12-07, warm caches). Without them, three runs on a clean clone after
// npm ci took 108, 96 and 94 s; three more, an hour later, when the same runs
// cost a fifth more CPU-s, 123, 118 and 115 s. npm run test:all, which CI
// runs, runs every project. `npx vitest run --project
// NAME` runs one part; `npx vitest run FILE` one file.
export default defineConfig({
  test: {
    maxWorkers: WORKERS,
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
          maxWorkers: WORKERS,
          setupFiles: [
            fileURLToPath(new URL('scripts/liftoff-only.ts', import.meta.url)),
          ],
          // The same flag for the demos test/runtime.test.ts starts, each with
          // PGlite in its own process (≈ 7 CPU-s a demo instead of ≈ 10).
          env: { DEMO_NODE_FLAGS: '--liftoff-only' },
        },
      },
      // Example 07's tests once more, on a real PostgreSQL server that
      // scripts/postgres.ts starts for this project and stops after it
      // (≈ 25 CPU-s with the server's own: npm test leaves it out).
      // What a server with many connections can change: the workers (SKIP
      // LOCKED, expiry, retries), the outage (connections terminated) and the
      // orders' transactions. Not runtime.test.ts: its demos run on PGlite in
      // their own process whatever server the tests have (the child never
      // sees DATABASE_URL), ≈ 25 CPU-s for the same two demos again. Not
      // error-contract.test.ts: bad input never reaches the database, and a
      // valid body's insert is the one orders.test.ts makes (≈ 4 CPU-s).
      {
        extends: './examples/07-job-queue/vitest.config.ts',
        test: {
          name: ON_POSTGRES,
          root: './examples/07-job-queue',
          maxWorkers: WORKERS,
          exclude: [
            ...configDefaults.exclude,
            'test/runtime.test.ts',
            'test/error-contract.test.ts',
          ],
          globalSetup: [
            fileURLToPath(new URL('scripts/postgres.ts', import.meta.url)),
          ],
        },
      },
      {
        test: {
          name: 'site',
          include: ['test/*.test.ts'],
          exclude: [...configDefaults.exclude, PAYLOADS_FILE, ...BUILD_FILES],
          testTimeout: 20_000,
        },
      },
      // The site as npm run build writes it, built once (test/built-site.ts):
      // its payloads, headers and JavaScript budget, and every page in a real
      // browser at two widths with axe, the sandbox box against a stubbed
      // StackBlitz. ≈ 100 CPU-s, the build ≈ 15 of them under load, Chromium
      // ≈ 60 (axe alone ≈ 36): npm test leaves it out.
      {
        test: {
          name: BUILD,
          include: BUILD_FILES,
          globalSetup: ['test/built-site.ts'],
          testTimeout: 20_000,
          // Concurrent suites (the browser's pages) run one per core.
          maxConcurrency: availableParallelism(),
        },
      },
      // Each example as its sandbox receives it: installed standalone from
      // its own lockfile and started on StackBlitz's Node. About two CPU
      // minutes of installs: npm test leaves it out.
      {
        test: {
          name: PAYLOADS,
          include: [PAYLOADS_FILE],
          testTimeout: 20_000,
          // Its concurrent suites (one per example) run one per core.
          maxConcurrency: availableParallelism(),
        },
      },
    ],
  },
});
