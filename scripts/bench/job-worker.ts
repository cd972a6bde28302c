// The worker that `npm run bench` times for jobs per second: example 07's
// queue and send, with a worker tuned to drain a backlog. It fetches up to
// BATCH_SIZE jobs at a time and fetches again at once while batches come back
// full; example 07's own worker takes one job per poll, every 0.5 s.
import { sendConfirmation } from '../../examples/07-job-queue/src/notify.js';
import {
  CONFIRMATIONS,
  startQueue,
  type ConfirmationJob,
} from '../../examples/07-job-queue/src/queue.js';

const { DATABASE_URL, EMAIL_API_URL, BATCH_SIZE } = process.env;
if (!DATABASE_URL || !EMAIL_API_URL || !BATCH_SIZE)
  throw new Error('set DATABASE_URL, EMAIL_API_URL and BATCH_SIZE');

const boss = await startQueue(DATABASE_URL);
await boss.work<ConfirmationJob>(
  CONFIRMATIONS,
  {
    batchSize: Number(BATCH_SIZE),
    burstWhenBatchFull: true,
    pollingIntervalSeconds: 0.5,
  },
  async (jobs) => {
    for (const job of jobs) await sendConfirmation(EMAIL_API_URL, job.data);
  },
);
process.once('SIGTERM', async () => {
  await boss.stop({ graceful: true, timeout: 10_000 });
  process.disconnect?.();
});
process.send?.({ type: 'ready' });
