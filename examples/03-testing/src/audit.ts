import { setTimeout as sleep } from 'node:timers/promises';

// #region audit
/** Stands in for slow work: writing an audit entry to another service. */
export async function recordAudit(orderId: string): Promise<void> {
  await sleep(300);
  console.log(`  (audit entry written for ${orderId})`);
}
// #endregion audit
