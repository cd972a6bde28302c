// npm test's reporter: one line per Vitest project (a part: lint, typecheck,
// each example, the site; in test:all also example 07 on PostgreSQL, the
// built site and the sandbox payloads), then what failed, then the total as
// its last line, `N passed, N failed` (.ci/run greps it).
// A file that fails to load, or an error outside any test, fails no test
// case: each counts as one failed. What tests' child processes print on
// their own is held back, and shown only when something failed.
import { Writable } from 'node:stream';
import type {
  Reporter,
  SerializedError,
  TestCase,
  TestModule,
  Vitest,
} from 'vitest/node';

interface Part {
  passed: number;
  failed: number;
  skipped: number;
  /** performance.now() when its first file started and its last ended. */
  first: number;
  last: number;
  /** Seconds its files ran, added up (files run side by side). */
  files: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** An error as Vitest serialises it: its message, its diff, and where it
 * was thrown outside node_modules. */
function describeError(error: SerializedError): string {
  const where = (error.stacks ?? [])
    .filter((frame) => !frame.file.includes('/node_modules/'))
    .slice(0, 3)
    .map((frame) => `    at ${frame.file}:${frame.line}:${frame.column}`);
  const head = `${error.name ?? 'Error'}: ${error.message}`;
  return [head, error.diff, ...where].filter(Boolean).join('\n');
}

export default class PartsReporter implements Reporter {
  private vitest!: Vitest;
  private readonly parts = new Map<string, Part>();
  private readonly started = new Map<string, number>();
  private readonly failures: string[] = [];
  private readonly begun = performance.now();
  /** What the test workers' child processes printed (see onInit). */
  private readonly childOutput: string[] = [];

  onInit(vitest: Vitest) {
    this.vitest = vitest;
    // A test's child process writes to the stdout and stderr it inherits
    // from its test worker, which Vitest pipes into these two streams, past
    // any console interception: example 07's outage test makes pg-boss in
    // its API and worker processes print whole error objects there, hundreds
    // of lines that say what the test already asserts. Held back here, and
    // printed after the failures when there are any. Only when this is the
    // one reporter: another one (--reporter=verbose) writes there too.
    if (vitest.config.reporters.length > 1) return;
    const held = new Writable({
      write: (chunk, _encoding, done) => {
        this.childOutput.push(String(chunk));
        done();
      },
    });
    vitest.logger.outputStream = held;
    vitest.logger.errorStream = held;
  }

  private part(name: string): Part {
    let part = this.parts.get(name);
    if (!part) {
      const now = performance.now();
      part = {
        passed: 0,
        failed: 0,
        skipped: 0,
        first: now,
        last: now,
        files: 0,
      };
      this.parts.set(name, part);
    }
    return part;
  }

  onTestModuleStart(module: TestModule) {
    this.part(module.project.name); // its clock starts with its first file
    this.started.set(module.id, performance.now());
  }

  onTestModuleEnd(module: TestModule) {
    const part = this.part(module.project.name);
    const now = performance.now();
    part.last = now;
    part.files += now - (this.started.get(module.id) ?? now);
    for (const error of module.errors()) {
      part.failed++;
      this.failures.push(
        `FAIL  ${module.project.name}  ${module.relativeModuleId}\n${describeError(error)}`,
      );
    }
  }

  onTestCaseResult(test: TestCase) {
    const part = this.part(test.project.name);
    const { state, errors = [] } = test.result();
    if (state === 'passed') part.passed++;
    else if (state === 'skipped') part.skipped++;
    else if (state === 'failed') {
      part.failed++;
      this.failures.push(
        `FAIL  ${test.project.name}  ${test.fullName}\n${errors.map(describeError).join('\n')}`,
      );
    }
  }

  onTestRunEnd(
    _modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: 'passed' | 'failed' | 'interrupted',
  ) {
    const names = this.vitest.projects.map((p) => p.name);
    const width = Math.max(...names.map((n) => n.length)) + 2;
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const name of names) {
      const part = this.parts.get(name);
      if (!part) continue; // filtered out (--project, a file name)
      passed += part.passed;
      failed += part.failed;
      const status = part.failed ? 'FAIL' : 'ok  ';
      const skipped = part.skipped ? `, ${part.skipped} skipped` : '';
      console.log(
        `${status}  ${name.padEnd(width)}${part.passed} passed, ${part.failed} failed${skipped}` +
          `  (${seconds(part.last - part.first)}; files ${seconds(part.files)})`,
      );
    }
    for (const failure of this.failures) console.log(`\n${failure}`);
    for (const error of unhandledErrors)
      console.log(`\nFAIL  outside any test\n${describeError(error)}`);
    // A project's globalSetup that throws (a build that fails, a server that
    // does not start) runs no test and is not among unhandledErrors: Vitest
    // prints its error after this report and only says the run failed.
    if (reason !== 'passed' && failed === 0) {
      failed = 1;
      console.log(
        `\nFAIL  outside any test: the run ${reason === 'failed' ? 'failed' : 'was interrupted'} before its tests could (a globalSetup?); Vitest's error follows`,
      );
    }
    if (failed && this.childOutput.length)
      console.log(
        `\nWhat the tests' child processes printed:\n${this.childOutput.join('')}`,
      );
    console.log(`\nwall ${seconds(performance.now() - this.begun)}`);
    console.log(`${passed} passed, ${failed} failed`);
  }
}
