import { setTimeout as sleep } from 'node:timers/promises';
import { requestId } from './request-id.js';

/** How long the stand-in takes: CONFIRM_MS, or 1 s. The tests that run the
 * app under PM2, nodemon and tsx watch make it outlast their waits. */
const confirmMs = Number(process.env.CONFIRM_MS ?? 1000);

// #region confirm
/**
 * Stands in for a call to a mail API, about 1 s. Its last parameter makes
 * it abortable: a real one passes `signal` on, as in `fetch(url, { signal })`.
 */
export async function sendConfirmation(
  orderId: string,
  email: string,
  requestIdCopy: string,
  signal: AbortSignal,
): Promise<void> {
  await sleep(confirmMs, undefined, { signal });
  // Copied into the task: the order id and email. Read from the context:
  // the request id. Never kept: req, res, or a request's DB transaction.
  // The id's copy is for runtimes that lose the context across `await`, as
  // StackBlitz's does (stackblitz/webcontainer-core#1169): delete it, and its
  // argument, once that issue is fixed.
  const id = requestId() ?? requestIdCopy;
  console.log(`  [${id}] confirmation of ${orderId} sent to ${email}`);
}
// #endregion confirm
