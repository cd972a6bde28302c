// Example 07's job queue, timed: run by `npm run bench` once on PGlite and
// once on PostgreSQL (through scripts/with-postgres.ts, which sets
// DATABASE_URL), each in a process of its own. Writes its figures as JSON
// to the file named by BENCH_RESULT.
//   1. From order to work start: JOBS orders, each placed at a random moment
//      of the worker's 0.5 s poll, with example 07's own worker process.
//      The job's created and started times are both stamped by the database.
//   2. Throughput: BACKLOG orders placed one after another on one connection
//      (orders with their job committed per second), then one worker process
//      (job-worker.ts, fetching DRAIN_BATCH_SIZE at a time) drains them (jobs completed per second, from the
//      first start to the last completion, stamped by the database).
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { placeOrder } from '../../examples/07-job-queue/src/orders.js';
import { startScript } from '../../examples/07-job-queue/src/processes.js';
import {
  CONFIRMATIONS,
  waitForJob,
} from '../../examples/07-job-queue/src/queue.js';
import { startSystem } from '../../examples/07-job-queue/src/system.js';
import { spread } from './stats.js';

const JOBS = 11;
const BACKLOG = 200;
const POLL_MS = 500; // example 07's worker: pollingIntervalSeconds 0.5
const DRAIN_BATCH_SIZE = 20;

// Example 07's system as npm start runs it, with the queue's own settings
// and one of its worker processes.
const system = await startSystem({ workers: 1 });
const { boss, emailApi, env } = system;
const order = (i: number) =>
  system.transaction((tx) => placeOrder(tx, boss, `buyer${i}@example.com`));

// 1. From order to work start, with example 07's worker.
const [worker] = system.workers;
const waits: number[] = [];
for (let i = 0; i < JOBS; i++) {
  await sleep(Math.random() * POLL_MS); // not in step with the polls
  const { orderId } = await order(i);
  const job = await waitForJob(boss, orderId, 'completed');
  waits.push(job.startedOn.getTime() - job.createdOn.getTime());
}
await worker!.kill('SIGTERM');

// 2. A backlog, placed, then drained.
const placing = performance.now();
const jobIds = new Set<string>();
for (let i = 0; i < BACKLOG; i++) jobIds.add((await order(JOBS + i)).jobId);
const placedIn = (performance.now() - placing) / 1000;
const drainer = startScript<{ type: string }>(
  fileURLToPath(new URL('job-worker.ts', import.meta.url)),
  { ...env, BATCH_SIZE: String(DRAIN_BATCH_SIZE) },
);
const deadline = Date.now() + 120_000;
while (emailApi.sent.size < JOBS + BACKLOG) {
  if (Date.now() > deadline) throw new Error('the backlog was not drained');
  await sleep(50);
}
await drainer.kill('SIGTERM');
const drained = (await boss.findJobs(CONFIRMATIONS, { limit: 10_000 })).filter(
  (job) => jobIds.has(job.id),
);
if (drained.length !== BACKLOG || drained.some((j) => !j.completedOn))
  throw new Error('a backlog job is missing or not completed');
const first = Math.min(...drained.map((j) => j.startedOn.getTime()));
const last = Math.max(...drained.map((j) => j.completedOn!.getTime()));

await system.stop();

const result = {
  database: process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
  pollingSeconds: POLL_MS / 1000,
  startLatencyMs: spread(waits, 0),
  jobs: JOBS,
  backlog: BACKLOG,
  drainBatchSize: DRAIN_BATCH_SIZE,
  enqueuePerSecond: Math.round(BACKLOG / placedIn),
  jobsPerSecond: Math.round(BACKLOG / ((last - first) / 1000)),
};
await writeFile(process.env.BENCH_RESULT!, JSON.stringify(result));
