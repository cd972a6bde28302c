// npm test            : typecheck, every example (typecheck + tests), then the site's own tests.
// npm run test:examples: the examples only.
// One line per example, then a total; exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listExamples } from '../.vitepress/payload.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const examplesOnly = process.argv.includes('examples');
let passed = 0;
let failed = 0;

/** Run a command quietly; print its output only if it fails. */
function run(cmd: string, args: string[], cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  if (r.status !== 0) process.stdout.write(`${r.stdout}${r.stderr}`);
  return r.status === 0;
}

/** vitest in `dir`; returns its counts from the JSON report. */
function vitest(dir: string) {
  const out = mkdtempSync(path.join(tmpdir(), 'vitest-report-'));
  const report = path.join(out, 'report.json');
  run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], dir);
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const broken = !r.success && r.numFailedTests === 0 ? 1 : 0; // e.g. no test files, or a file that did not load
    return { passed: r.numPassedTests as number, failed: (r.numFailedTests as number) + broken };
  } catch {
    return { passed: 0, failed: 1 }; // no report: the run itself broke
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Time one part, print its line, and add its counts to the total. */
function step(label: string, work: () => { ok: boolean; counts?: { passed: number; failed: number } }) {
  const started = performance.now();
  const { ok, counts = { passed: 0, failed: 0 } } = work();
  passed += counts.passed;
  failed += counts.failed + (ok ? 0 : 1);
  const tests = counts.passed + counts.failed ? `  ${counts.passed} passed, ${counts.failed} failed` : '';
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${ok && counts.failed === 0 ? 'ok  ' : 'FAIL'}  ${label.padEnd(26)}${tests}  (${seconds} s)`);
}

if (!examplesOnly) step('typecheck (lib, test, site)', () => ({ ok: run('npm', ['run', '--silent', 'typecheck']) }));
for (const name of await listExamples()) {
  const dir = path.join(root, 'examples', name);
  step(`examples/${name}`, () => ({ ok: run(bin('tsc'), ['-p', dir]), counts: vitest(dir) }));
}
if (!examplesOnly) step('site (test/)', () => ({ ok: true, counts: vitest(root) }));
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
