// The queue: pg-boss keeps its jobs in PostgreSQL tables, next to the orders.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  PgBoss,
  type ConstructorOptions,
  type JobWithMetadata,
  type Queue,
} from 'pg-boss';

/** What a job in the queue carries: enough to send one confirmation. */
export interface ConfirmationJob {
  orderId: string;
  email: string;
}

// #region queue
export const CONFIRMATIONS = 'order-confirmation';

/** How pg-boss treats each job in the queue. */
const confirmationQueue: Omit<Queue, 'name'> = {
  // A failed attempt is retried 3 times: after 1-2 s, 2-4 s, then 4-8 s
  // (the delay doubles each time; jitter adds up to as much again).
  retryLimit: 3,
  retryDelay: 1,
  retryBackoff: true,
  // An attempt still running after this long is taken to be dead (its worker
  // crashed) and is retried. Pick a bound above the job's longest run.
  expireInSeconds: 60,
};
// #endregion queue

/** The demo and the tests wait for a killed worker's job to come back, so
 * they expire it sooner and look for expired jobs every second. */
export const quickRecovery = {
  queue: { expireInSeconds: 2 },
  boss: { superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 },
} satisfies {
  queue: Omit<Queue, 'name'>;
  boss: Partial<ConstructorOptions>;
};

/** A started pg-boss with the confirmation queue in place. */
export async function startQueue(
  url: string,
  options: {
    boss?: Partial<ConstructorOptions>;
    queue?: Omit<Queue, 'name'>;
  } = {},
): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, ...options.boss });
  boss.on('error', (error) => console.error('pg-boss:', error));
  await boss.start(); // creates or migrates pg-boss's schema
  // A queue that already exists keeps its settings (updateQueue changes them).
  await boss.createQueue(CONFIRMATIONS, {
    ...confirmationQueue,
    ...options.queue,
  });
  return boss;
}

/** The confirmation job of `orderId`, once it is in `state`. Looks every
 * 50 ms; rejects after `timeoutMs`. */
export async function waitForJob(
  boss: PgBoss,
  orderId: string,
  state: JobWithMetadata['state'],
  timeoutMs = 20_000,
): Promise<JobWithMetadata<ConfirmationJob>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [job] = await boss.findJobs<ConfirmationJob>(CONFIRMATIONS, {
      data: { orderId },
    });
    if (job?.state === state) return job;
    if (Date.now() > deadline)
      throw new Error(`job of order ${orderId}: ${job?.state}, not ${state}`);
    await sleep(50);
  }
}
