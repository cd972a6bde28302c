// The worker, a process of its own: it runs src/work.ts, which takes
// confirmation jobs from the queue and sends them. Run one or several, next
// to the API or elsewhere:
//   DATABASE_URL=postgres://… EMAIL_API_URL=https://… tsx src/worker.ts
// SIGTERM or SIGINT stops it after the jobs it holds (a deploy); SIGKILL does
// not wait, and pg-boss retries the jobs it held once they expire.
import { startQueue } from './queue.js';
import { work, type WorkerEvent } from './work.js';

/** Reports to its parent process over IPC when it has one (the demo, the
 * tests), otherwise as JSON lines on stdout. */
const report = (event: WorkerEvent) =>
  process.send ? process.send(event) : console.log(JSON.stringify(event));

const { DATABASE_URL, EMAIL_API_URL } = process.env;
if (!DATABASE_URL || !EMAIL_API_URL)
  throw new Error('set DATABASE_URL and EMAIL_API_URL');

const boss = await startQueue(DATABASE_URL);
await work(boss, EMAIL_API_URL, report); // src/work.ts

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
