// The queue's rules and what follows from them, with no runtime import: the
// page computes its recovery times from this file, in the browser too.
import type { ConstructorOptions, Queue } from 'pg-boss';

/** What a job in the queue carries: enough to send one confirmation. */
export interface ConfirmationJob {
  orderId: string;
  email: string;
}

// #region queue
export const CONFIRMATIONS = 'order-confirmation';

/** How pg-boss treats each job in the queue. */
export const confirmationQueue: Omit<Queue, 'name'> = {
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

/** How often a worker looks for new jobs, in seconds (src/worker.ts). */
export const pollingIntervalSeconds = 0.5;

/** pg-boss's own defaults for the two intervals (its attorney.js). */
export const pgBossDefaults = {
  superviseIntervalSeconds: 60,
  monitorIntervalSeconds: 60,
};

// #region recovery
/**
 * How long after a worker dies mid-job the job starts again, in seconds, at
 * the soonest and at the latest: the attempt expires `expireInSeconds` after
 * it started; a supervise pass finds it within the longer of the two
 * intervals; the first retry waits `retryDelay`, up to twice that with
 * backoff; and a worker polls for it within `pollingIntervalSeconds`.
 */
function recoveryWindow(
  queue: Omit<Queue, 'name'>,
  boss: Partial<ConstructorOptions> = {},
) {
  const { superviseIntervalSeconds, monitorIntervalSeconds } = {
    ...pgBossDefaults,
    ...boss,
  };
  const expiry = queue.expireInSeconds!;
  const delay = queue.retryDelay!;
  const pass = Math.max(superviseIntervalSeconds, monitorIntervalSeconds);
  return {
    soonest: expiry + delay,
    latest:
      expiry +
      pass +
      (queue.retryBackoff ? 2 * delay : delay) +
      pollingIntervalSeconds,
  };
}

/** With the settings above, in production and in the demo and tests. */
export const recovery = {
  production: recoveryWindow(confirmationQueue),
  demo: recoveryWindow(
    { ...confirmationQueue, ...quickRecovery.queue },
    quickRecovery.boss,
  ),
};
// #endregion recovery
