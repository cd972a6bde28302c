import { setTimeout as sleep } from 'node:timers/promises';

// #region tasks
/** Fails at once: a synchronous throw. */
export function riskySyncTask(orderId: string): void {
  throw new Error(`risky sync task failed for order ${orderId}`);
}

/** Fails later: the promise rejects after some I/O. */
export async function riskyAsyncTask(orderId: string): Promise<void> {
  await sleep(200);
  throw new Error(`risky async task failed for order ${orderId}`);
}

/** Works: stands in for an email or a call to another API. */
export async function sendNotification(message: string): Promise<void> {
  await sleep(300);
  console.log(`  (sent: ${message})`);
}
// #endregion tasks
