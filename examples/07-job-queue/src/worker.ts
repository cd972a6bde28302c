// The worker, a process of its own: it takes confirmation jobs from the
// queue and sends them. Run one or several, next to the API or elsewhere:
//   DATABASE_URL=postgres://… EMAIL_API_URL=https://… tsx src/worker.ts
// SIGTERM or SIGINT stops it after the jobs it holds (a deploy); SIGKILL does
// not wait, and pg-boss retries the jobs it held once they expire.
import { sendConfirmation } from './notify.js';
import { CONFIRMATIONS, startQueue, type ConfirmationJob } from './queue.js';
import { pollingIntervalSeconds } from './rules.js';

/** What the worker reports: to its parent process over IPC when it has
 * one (the demo, the tests), otherwise as JSON lines on stdout. */
export type WorkerEvent =
  | { type: 'ready' }
  | { type: 'start' | 'end'; jobId: string; attempt: number }
  | { type: 'error'; jobId: string; attempt: number; message: string };
const report = (event: WorkerEvent) =>
  process.send ? process.send(event) : console.log(JSON.stringify(event));

const { DATABASE_URL, EMAIL_API_URL } = process.env;
if (!DATABASE_URL || !EMAIL_API_URL)
  throw new Error('set DATABASE_URL and EMAIL_API_URL');

const boss = await startQueue(DATABASE_URL);

// #region work
await boss.work<ConfirmationJob>(
  CONFIRMATIONS,
  { pollingIntervalSeconds }, // look for new jobs twice a second
  async ([job]) => {
    const attempt = { jobId: job!.id, attempt: job!.retryCount + 1 };
    report({ type: 'start', ...attempt });
    try {
      // job.signal aborts the request if pg-boss expires the attempt.
      await sendConfirmation(EMAIL_API_URL, job!.data, job!.signal);
    } catch (error) {
      report({ type: 'error', ...attempt, message: String(error) });
      throw error; // pg-boss records the failure and schedules a retry
    }
    report({ type: 'end', ...attempt });
  },
);
// #endregion work

// SIGTERM from a deploy (docker stop, Kubernetes, systemd), SIGINT from
// Ctrl-C, PM2 or Fly: either one stops the worker after the jobs it holds.
let stopping = false;
const stop = async () => {
  if (stopping) return; // a second signal changes nothing
  stopping = true;
  await boss.stop({ graceful: true, timeout: 10_000 }); // finish held jobs
  process.disconnect?.();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
report({ type: 'ready' });
