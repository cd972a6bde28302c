// npm test             : lint, typecheck, every example, then the site's own tests.
// npm run test:examples: the examples only.
// One line per part, then a total; exits non-zero if anything failed.
// Each example is checked by its own `typecheck` and `test` scripts: the same
// commands a reader runs in a clone or a sandbox (test/payload.test.ts).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listExamples } from '../.vitepress/examples.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const examplesOnly = process.argv.includes('examples');

interface Counts {
  passed: number;
  failed: number;
}
interface Part {
  label: string;
  /** Resolves with whether the part's commands exited 0, and its test counts. */
  work: () => Promise<{ ok: boolean; counts?: Counts }>;
}

/** Run a command quietly; its output is kept to print if it fails. */
function run(cmd: string, args: string[], cwd = root) {
  return new Promise<{ ok: boolean; output: string }>((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

/** Runs vitest through `command` with a JSON report; its counts, and ok if
 * none failed. */
async function vitest(cmd: string, args: string[], cwd: string) {
  const out = await mkdtemp(path.join(tmpdir(), 'vitest-report-'));
  const report = path.join(out, 'report.json');
  const reporters = [
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  const { output } = await run(cmd, [...args, ...reporters], cwd);
  let counts: Counts = { passed: 0, failed: 1 }; // the run broke
  try {
    const r = JSON.parse(await readFile(report, 'utf8'));
    // No test files, or a file that did not load, fails no test: count one.
    const broken = !r.success && r.numFailedTests === 0 ? 1 : 0;
    counts = { passed: r.numPassedTests, failed: r.numFailedTests + broken };
  } catch {
    // no report: the counts above stand
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  return { ok: counts.failed === 0, counts, output };
}

/** Runs `part` and formats its line. */
async function timed(part: Part) {
  const started = performance.now();
  const { ok, counts = { passed: 0, failed: 0 } } = await part.work();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const tests =
    counts.passed + counts.failed
      ? `  ${counts.passed} passed, ${counts.failed} failed`
      : '';
  const status = ok ? 'ok  ' : 'FAIL';
  return {
    line: `${status}  ${part.label.padEnd(30)}${tests}  (${seconds} s)`,
    ok,
    counts,
  };
}

const failures: string[] = [];
/** A part whose commands run in order; any output is kept for a failure. */
function commands(
  label: string,
  steps: Array<() => Promise<{ ok: boolean; output: string; counts?: Counts }>>,
): Part {
  return {
    label,
    async work() {
      let ok = true;
      let counts: Counts | undefined;
      for (const step of steps) {
        const result = await step();
        if (result.counts) counts = result.counts;
        if (!result.ok) failures.push(`--- ${label}\n${result.output}`);
        ok &&= result.ok;
      }
      return { ok, counts };
    },
  };
}

const npm = (args: string[], cwd: string) => () => run('npm', args, cwd);
const exampleParts = (await listExamples()).map((name) => {
  const dir = path.join(root, 'examples', name);
  return commands(`examples/${name}`, [
    npm(['run', '--silent', 'typecheck'], dir),
    () => vitest('npm', ['test', '--silent', '--'], dir),
  ]);
});
// Example 07's tests once more, against a real PostgreSQL server that
// scripts/with-postgres.ts starts and stops around them (npm test only).
const jobQueueOnPostgres = commands('07-job-queue on PostgreSQL', [
  () =>
    vitest(
      path.join(root, 'node_modules/.bin/tsx'),
      [
        path.join(root, 'scripts/with-postgres.ts'),
        'npm',
        'test',
        '--silent',
        '--',
      ],
      path.join(root, 'examples/07-job-queue'),
    ),
]);
const parts: Part[] = examplesOnly
  ? exampleParts
  : [
      commands('lint (prettier, knip)', [
        npm(['run', '--silent', 'lint'], root),
      ]),
      commands('typecheck (lib, test, site)', [
        npm(['run', '--silent', 'typecheck'], root),
      ]),
      ...exampleParts,
      jobQueueOnPostgres,
      commands('site (test/)', [
        () =>
          vitest(path.join(root, 'node_modules/.bin/vitest'), ['run'], root),
      ]),
    ];

// Parts run side by side, one per core, the longest (the site) first; their
// lines print in the order above.
let free = availableParallelism();
const waiting: Array<() => void> = [];
const slot = () =>
  free > 0
    ? (free--, Promise.resolve())
    : new Promise<void>((r) => waiting.push(r));
const release = () => (waiting.length ? waiting.shift()!() : free++);
const startOrder = [parts.at(-1)!, ...parts.slice(0, -1)];
const running = new Map(
  startOrder.map((part) => [
    part,
    slot().then(() => timed(part).finally(release)),
  ]),
);
let passed = 0;
let failed = 0;
for (const part of parts) {
  const { line, ok, counts } = await running.get(part)!;
  console.log(line);
  passed += counts.passed;
  // A failed part with no failed test (a type error, say) counts as one.
  failed += ok ? counts.failed : Math.max(counts.failed, 1);
}
for (const failure of failures) console.log(failure);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
