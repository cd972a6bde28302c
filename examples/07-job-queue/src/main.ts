// npm start: the whole system on one machine, once. One order goes in. The
// worker is killed with SIGKILL in the middle of its job; a second worker
// retries the job once it has expired; the email goes out once. The timing
// log shows when each step happened.
import express from 'express';
import { createApp } from './app.js';
import { migrate, startDatabase } from './db.js';
import { createPool } from './pool.js';
import { createEmailApi } from './email-api.js';
import { latch } from './lib/latch.js';
import { postJson } from './lib/demo/post-json.js';
import { checkProcesses, within } from './lib/demo/runtime.js';
import { createTimingLog } from './lib/demo/timing-log.js';
import { startWorker } from './processes.js';
import { quickRecovery, startQueue, waitForJob } from './queue.js';
import { serve } from './serve.js';
import type { WorkerEvent } from './worker.js';

// The worker is a process of its own that reports over IPC and reaches the
// database over TCP: check both first (src/lib/demo/runtime.ts).
const can = await checkProcesses({
  ipc: 'so the worker could not report to this demo',
  tcp: 'so the worker could not reach the database',
});
if (!can.ipc || !can.tcp) {
  console.log(
    'This run stops here: this runtime cannot run the worker as a process of its own. ' +
      'Run it locally: npm ci, then npm start -w examples/07-job-queue',
  );
  process.exit(1);
}

const database = await startDatabase();
const pool = createPool(database.url, 1);
await migrate(pool);
const boss = await startQueue(database.url, quickRecovery);
const log = createTimingLog(); // starts once the database is up
log.note(
  process.env.DATABASE_URL
    ? 'database ready: DATABASE_URL'
    : 'database ready: PGlite, served on 127.0.0.1',
);

// The email provider stand-in sends the first email, then never answers:
// the worker is killed while it waits, before it can mark the job done.
const emailApi = createEmailApi();
const firstEmailSent = latch();
emailApi.hooks.beforeSend = (email) =>
  log.note(
    emailApi.sent.has(email.key)
      ? `email API: ${email.key} was sent already, not sent again`
      : `email API: sending "${email.subject}" to ${email.to}`,
  );
emailApi.hooks.afterSend = () => {
  if (emailApi.received.length > 1) return;
  firstEmailSent.open();
  return new Promise<void>(() => {}); // no answer, ever
};
const emailServer = await serve(emailApi.app);
const env = { DATABASE_URL: database.url, EMAIL_API_URL: emailServer.url };

const api = await serve(
  express().use(
    log.middleware,
    createApp({
      pool,
      boss,
      onPlaced: ({ jobId }) =>
        log.note(`order and job ${jobId} committed in one transaction`),
    }),
  ),
);

// The worker reports over IPC; its attempts go into the log as tasks.
const task = { task: 'sendConfirmation', method: 'POST', url: '/orders' };
const logWorker = (n: number) => (event: WorkerEvent) => {
  if (event.type === 'ready') return log.note(`worker ${n} ready`);
  if (event.type === 'start')
    log.note(`worker ${n} picked up the job (attempt ${event.attempt})`);
  log.onTaskEvent(
    event.type === 'error'
      ? { ...task, type: 'error', error: event.message }
      : { ...task, type: event.type },
  );
};

let worker = await within(
  20_000,
  'worker 1 to be ready',
  startWorker(env, logWorker(1)),
);
const res = await postJson(
  `${api.url}/orders`,
  { email: 'alice@example.com' },
  log,
);
const { order_id: orderId } = (await res.json()) as { order_id: string };

await within(20_000, 'worker 1 to send the email', firstEmailSent.opened);
await worker.kill('SIGKILL');
log.mark('worker 1 killed with SIGKILL, before it marked the job done');
log.onTaskEvent({ ...task, type: 'error', error: 'worker 1 was killed' });

worker = await within(
  20_000,
  'worker 2 to be ready',
  startWorker(env, logWorker(2)),
);
const job = await within(
  30_000,
  'worker 2 to complete the retried job',
  waitForJob(boss, orderId, 'completed', 60_000),
);
log.note(
  `job ${job.state} after ${job.retryCount + 1} attempts; ` +
    `emails sent: ${emailApi.sent.size}`,
);

await worker.kill('SIGTERM');
await boss.stop({ graceful: false });
await pool.end();
await Promise.all([api.close(), emailServer.close()]);
await database.stop();

console.log(
  `response after ${log.between('request received', 'response sent')} ms; ` +
    `worker 1 picked up the job ${log.between('request received', 'worker 1 picked')} ms after the request; ` +
    `worker 2 retried it ${log.between('worker 1 killed', 'worker 2 picked')} ms after the kill; ` +
    `${emailApi.sent.size} email for ${emailApi.received.length} attempts`,
);
