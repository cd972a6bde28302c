// npm start's runtime checks (src/lib/demo/runtime.ts): the worker is a
// process of its own that reports over IPC and reaches the database over TCP.
// Each missing capability is forced by the fault DEMO_FAULTS injects; the demo
// says which one is missing and what this run cannot show, then runs the API
// and the worker in one process, on PGlite in that process, and still shows
// the order served before its email is sent, once.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const exec = promisify(execFile);

/** npm start's command with `faults` injected: its exit code and lines,
 * times and ids replaced by placeholders. */
async function demo(faults: string) {
  // Node flags the repository's npm test adds (V8's --liftoff-only, which
  // its vitest.config.ts explains); none when run here or in the sandbox.
  const flags = process.env.DEMO_NODE_FLAGS?.split(' ') ?? [];
  const args = [...flags, '--import', 'tsx', 'src/main.ts'];
  const run = await exec(process.execPath, args, {
    cwd: exampleDir,
    env: { ...process.env, DEMO_FAULTS: faults },
  }).then(
    (done) => ({ code: 0, stdout: done.stdout }),
    (failed: { code: number; stdout: string }) => failed,
  );
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((line) =>
      line
        .replace(/^\[ *\d+ ms\]/, '[t]')
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID')
        .replace(/\d+ ms/g, 'N ms'),
    );
  return { code: run.code, lines };
}

/** What the fallback prints after the runtime checks. */
const oneProcessRun = [
  'This run keeps the API and the worker in one process, on PGlite in that process, so it cannot show a worker process killed with SIGKILL mid-job, nor its job retried by a second worker process. Run it locally for that: npm ci, then npm start -w examples/07-job-queue',
  '[t] database ready: PGlite, in this process',
  '[t] the worker, in this process, ready',
  '[t] POST /orders request received',
  '[t] order and job ID committed in one transaction',
  '[t] POST /orders response sent 201 (+N ms)',
  '[t] client got 201 {"order_id":"ID"}',
  '[t] the worker, in this process, picked up the job (attempt 1)',
  '[t] task sendConfirmation started',
  '[t] email API: sending "Order ID confirmed" to alice@example.com',
  '[t] task sendConfirmation finished (+N ms)',
  '[t] job completed after 1 attempt; emails sent: 1',
  'response after N ms; the worker picked up the job N ms after the request; 1 email for 1 attempt; no kill and no retry in this run (one process)',
];

/** The run's lines after its two runtime checks: every line of
 * `oneProcessRun`, each once; the order where it is the claim (the order and
 * its job committed, the response, then the email); the summary last. The
 * client's "got 201" and the worker's poll may come in either order. */
function expectOneProcessRun(lines: string[]) {
  expect([...lines].sort()).toEqual([...oneProcessRun].sort());
  const at = (start: string) => lines.findIndex((l) => l.startsWith(start));
  expect(at('This run keeps')).toBe(0);
  expect(at('[t] database ready')).toBe(1);
  expect(at('[t] order and job')).toBeLessThan(at('[t] POST /orders response'));
  expect(at('[t] POST /orders response')).toBeLessThan(at('[t] email API'));
  expect(at('[t] job completed')).toBe(lines.length - 2);
  expect(lines.at(-1)).toBe(oneProcessRun.at(-1));
}

// Each test runs the whole demo (a process that starts PGlite, the queue and
// the servers): about 10 s on an idle machine, 40 s on a loaded one.
describe('npm start’s runtime checks', { timeout: 120_000 }, () => {
  it('without TCP between its processes, say so, then serve the order and send its email once with the API and the worker in one process', async () => {
    const { code, lines } = await demo('tcp');
    expect(code).toBe(0);
    expect(lines.slice(0, 2)).toEqual([
      'runtime check: a fork()ed process reports over IPC: yes',
      'runtime check: a fork()ed process connects over TCP: no, so the worker could not reach the database',
    ]);
    expectOneProcessRun(lines.slice(2));
  });

  it('without IPC to a forked process, say so, then serve the order and send its email once with the API and the worker in one process', async () => {
    const { code, lines } = await demo('fork-ipc');
    expect(code).toBe(0);
    expect(lines.slice(0, 2)).toEqual([
      'runtime check: a fork()ed process reports over IPC: no, so the worker could not report to this demo',
      'runtime check: a fork()ed process connects over TCP: yes',
    ]);
    expectOneProcessRun(lines.slice(2));
  });
});
