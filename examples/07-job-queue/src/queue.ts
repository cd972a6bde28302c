// The queue: pg-boss keeps its jobs in PostgreSQL tables, next to the orders.
import { setTimeout as sleep } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import {
  fromPglite,
  PgBoss,
  type ConstructorOptions,
  type JobWithMetadata,
  type Queue,
} from 'pg-boss';
import {
  CONFIRMATIONS,
  confirmationQueue,
  type ConfirmationJob,
} from './rules.js';

export { CONFIRMATIONS, quickRecovery, type ConfirmationJob } from './rules.js';

/** A started pg-boss with the confirmation queue in place, on the server
 * at `database` (a postgres:// URL), or on a PGlite in this process through
 * pg-boss's own adapter. */
export async function startQueue(
  database: string | PGlite,
  options: {
    boss?: Partial<ConstructorOptions>;
    queue?: Omit<Queue, 'name'>;
  } = {},
): Promise<PgBoss> {
  const boss = new PgBoss({
    ...(typeof database === 'string'
      ? { connectionString: database }
      : { db: fromPglite(database), backend: 'pglite' }),
    ...options.boss,
  });
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
