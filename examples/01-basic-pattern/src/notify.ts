import { setTimeout as sleep } from 'node:timers/promises';

// #region notify
/** Stands in for slow work: sending an email, calling an external API. */
export async function sendNotification(message: string): Promise<void> {
  await sleep(300);
  console.log(`  (sent: ${message})`);
}
// #endregion notify
