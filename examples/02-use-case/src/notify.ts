import { setTimeout as sleep } from 'node:timers/promises';

// #region notify
/** Stands in for slow work: sending the order confirmation by email. */
export async function sendNotification(email: string): Promise<void> {
  await sleep(300);
  console.log(`  (sent order confirmation to ${email})`);
}
// #endregion notify
