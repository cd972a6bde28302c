// npm run latency: how long a job waits before a worker starts it. Places
// 20 orders at random moments while one worker process polls the queue, then
// reads each job's created and started times, both stamped by the database.
import { setTimeout as sleep } from 'node:timers/promises';
import { migrate, startDatabase } from './db.js';
import { createPool } from './pool.js';
import { createEmailApi } from './email-api.js';
import { inTransaction, placeOrder } from './orders.js';
import { startWorker } from './processes.js';
import { startQueue, waitForJob } from './queue.js';
import { serve } from './serve.js';

const ORDERS = 20;
const database = await startDatabase();
const pool = createPool(database.url, 1);
await migrate(pool);
const boss = await startQueue(database.url);
const emailServer = await serve(createEmailApi().app);
const worker = await startWorker({
  DATABASE_URL: database.url,
  EMAIL_API_URL: emailServer.url,
});

const waits: number[] = [];
for (let i = 0; i < ORDERS; i++) {
  await sleep(Math.random() * 1000); // not in step with the worker's polls
  const { orderId } = await inTransaction(pool, (tx) =>
    placeOrder(tx, boss, `buyer${i}@example.com`),
  );
  const job = await waitForJob(boss, orderId, 'completed');
  waits.push(job.startedOn.getTime() - job.createdOn.getTime());
}

await worker.kill('SIGTERM');
await boss.stop({ graceful: false });
await pool.end();
await emailServer.close();
await database.stop();

waits.sort((a, b) => a - b);
const at = (q: number) => waits[Math.floor(q * (waits.length - 1))];
console.log(
  `${ORDERS} jobs, created to started, in ms: ` +
    `min ${at(0)}, median ${at(0.5)}, max ${at(1)} ` +
    `(${process.env.DATABASE_URL ? 'DATABASE_URL' : 'PGlite'})`,
);
