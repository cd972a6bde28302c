// npm start's runtime checks (src/lib/demo/runtime.ts): the worker is a
// process of its own that reports over IPC and reaches the database over TCP.
// Each missing capability is forced by the fault DEMO_FAULTS injects; the demo
// says which one is missing and ends with one line, before it starts anything.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const exec = promisify(execFile);

/** npm start's command with `faults` injected: its exit code and lines. */
async function demo(faults: string) {
  const run = await exec(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: exampleDir,
    env: { ...process.env, DEMO_FAULTS: faults },
  }).then(
    (done) => ({ code: 0, stdout: done.stdout }),
    (failed: { code: number; stdout: string }) => failed,
  );
  return { code: run.code, lines: run.stdout.trim().split('\n') };
}
const stops =
  'This run stops here: this runtime cannot run the worker as a process of its own. Run it locally: npm ci, then npm start -w examples/07-job-queue';

describe('npm start’s runtime checks', { timeout: 60_000 }, () => {
  it('without TCP between its processes, say so and end with one line before starting the database', async () => {
    expect(await demo('tcp')).toEqual({
      code: 1,
      lines: [
        'runtime check: a fork()ed process reports over IPC: yes',
        'runtime check: a fork()ed process connects over TCP: no, so the worker could not reach the database',
        stops,
      ],
    });
  });

  it('without IPC to a forked process, say so and end with one line before starting the database', async () => {
    expect(await demo('fork-ipc')).toEqual({
      code: 1,
      lines: [
        'runtime check: a fork()ed process reports over IPC: no, so the worker could not report to this demo',
        'runtime check: a fork()ed process connects over TCP: yes',
        stops,
      ],
    });
  });
});
