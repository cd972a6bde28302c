import { beforeAll, describe, expect, it } from 'vitest';
import { crashReport, runScript, type ChildResult } from './child.js';

// The control for test/main.test.ts: the same tasks without the mechanism's catch. If this process
// survived, the child-process tests would prove nothing.
describe('unguarded finish listener in a child process', () => {
  let run: ChildResult;
  beforeAll(async () => {
    run = await runScript('src/unguarded.ts');
  }, 30_000);

  it('dies with exit code 1 at the first failure, with a crash report on stderr', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: risky sync task failed for order');
    expect(run.stderr).toMatch(crashReport);
  });

  it('never sends the notification', () => {
    expect(run.stdout).not.toContain('(sent:');
  });
});
