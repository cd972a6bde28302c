// npm start: the whole system on one machine, once. One order goes in. The
// worker is killed with SIGKILL in the middle of its job; a second worker
// retries the job once it has expired; the email goes out once. The timing
// log shows when each step happened.
//
// On a runtime that cannot run the worker as a process of its own (no IPC to
// a forked process, or no TCP between processes), the API and the worker
// share one process and PGlite runs in it: the order, its job in the same
// transaction, the response before the email, and one email, but no kill and
// no retry by a second worker.
import { latch } from './lib/latch.js';
import { postJson } from './lib/demo/post-json.js';
import { checkProcesses, within } from './lib/demo/runtime.js';
import { createTimingLog, type TimingLog } from './lib/demo/timing-log.js';
import { quickRecovery, waitForJob } from './queue.js';
import { startSystem } from './system.js';
import type { WorkerEvent } from './work.js';

// The worker is a process of its own that reports over IPC and reaches the
// database over TCP: check both first (src/lib/demo/runtime.ts).
const can = await checkProcesses({
  ipc: 'so the worker could not report to this demo',
  tcp: 'so the worker could not reach the database',
});
const oneProcess = !can.ipc || !can.tcp;
if (oneProcess)
  console.log(
    'This run keeps the API and the worker in one process, on PGlite in that process, ' +
      'so it cannot show a worker process killed with SIGKILL mid-job, nor its job retried ' +
      'by a second worker process. Run it locally for that: npm ci, then npm start -w examples/07-job-queue',
  );

// The timing log starts once the system is up; its middleware is mounted
// before the API's routes.
let log: TimingLog;
const system = await startSystem({
  oneProcess,
  recovery: quickRecovery,
  before: [(req, res, next) => log.middleware(req, res, next)],
  onPlaced: ({ jobId }) =>
    log.note(`order and job ${jobId} committed in one transaction`),
});
const { emailApi } = system;
log = createTimingLog();
log.note(
  oneProcess
    ? 'database ready: PGlite, in this process'
    : process.env.DATABASE_URL
      ? 'database ready: DATABASE_URL'
      : 'database ready: PGlite, served on 127.0.0.1',
);

// The email provider stand-in sends the first email, then (with worker
// processes) never answers: the worker is killed while it waits, before it
// can mark the job done.
const firstEmailSent = latch();
emailApi.hooks.beforeSend = (email) =>
  log.note(
    emailApi.sent.has(email.key)
      ? `email API: ${email.key} was sent already, not sent again`
      : `email API: sending "${email.subject}" to ${email.to}`,
  );
emailApi.hooks.afterSend = () => {
  if (oneProcess || emailApi.received.length > 1) return;
  firstEmailSent.open();
  return new Promise<void>(() => {}); // no answer, ever
};

// The worker reports over IPC (or directly, in one process); its attempts
// go into the log as tasks.
const task = { task: 'sendConfirmation', method: 'POST', url: '/orders' };
const logWorker = (name: string) => (event: WorkerEvent) => {
  if (event.type === 'ready') return log.note(`${name} ready`);
  if (event.type === 'start')
    log.note(`${name} picked up the job (attempt ${event.attempt})`);
  log.onTaskEvent(
    event.type === 'error'
      ? { ...task, type: 'error', error: event.message }
      : { ...task, type: event.type },
  );
};

if (oneProcess) {
  const here = logWorker('the worker, in this process,');
  await system.workHere(here);
  here({ type: 'ready' });
  const res = await postJson(
    `${system.apiUrl}/orders`,
    { email: 'alice@example.com' },
    log,
  );
  const { order_id: orderId } = (await res.json()) as { order_id: string };
  const job = await within(
    20_000,
    'the worker to complete the job',
    waitForJob(system.boss, orderId, 'completed'),
  );
  log.note(
    `job ${job.state} after ${job.retryCount + 1} attempt; ` +
      `emails sent: ${emailApi.sent.size}`,
  );
  await system.stop();
  console.log(
    `response after ${log.between('request received', 'response sent')} ms; ` +
      `the worker picked up the job ${log.between('request received', 'worker, in this process, picked')} ms after the request; ` +
      `${emailApi.sent.size} email for ${emailApi.received.length} attempt; ` +
      'no kill and no retry in this run (one process)',
  );
  process.exit(0);
}

const worker = await within(
  20_000,
  'worker 1 to be ready',
  system.addWorker(logWorker('worker 1')),
);
const res = await postJson(
  `${system.apiUrl}/orders`,
  { email: 'alice@example.com' },
  log,
);
const { order_id: orderId } = (await res.json()) as { order_id: string };

await within(20_000, 'worker 1 to send the email', firstEmailSent.opened);
await worker.kill('SIGKILL');
log.mark('worker 1 killed with SIGKILL, before it marked the job done');
log.onTaskEvent({ ...task, type: 'error', error: 'worker 1 was killed' });

await within(
  20_000,
  'worker 2 to be ready',
  system.addWorker(logWorker('worker 2')),
);
const job = await within(
  30_000,
  'worker 2 to complete the retried job',
  waitForJob(system.boss, orderId, 'completed', 60_000),
);
log.note(
  `job ${job.state} after ${job.retryCount + 1} attempts; ` +
    `emails sent: ${emailApi.sent.size}`,
);

await system.stop();

console.log(
  `response after ${log.between('request received', 'response sent')} ms; ` +
    `worker 1 picked up the job ${log.between('request received', 'worker 1 picked')} ms after the request; ` +
    `worker 2 retried it ${log.between('worker 1 killed', 'worker 2 picked')} ms after the kill; ` +
    `${emailApi.sent.size} email for ${emailApi.received.length} attempts`,
);
