// The worker's loop: it takes confirmation jobs from the queue and sends
// them. src/worker.ts runs it as a process of its own; on a runtime without
// worker processes, npm start runs it in the API's process (src/main.ts).
import type { PgBoss } from 'pg-boss';
import { sendConfirmation } from './notify.js';
import { CONFIRMATIONS, type ConfirmationJob } from './queue.js';
import { pollingIntervalSeconds } from './rules.js';

/** What a worker reports, attempt by attempt. */
export type WorkerEvent =
  | { type: 'ready' }
  | { type: 'start' | 'end'; jobId: string; attempt: number }
  | { type: 'error'; jobId: string; attempt: number; message: string };

/** Works on confirmation jobs with `boss` until it stops; the caller
 * reports 'ready'. */
export async function work(
  boss: PgBoss,
  emailApiUrl: string,
  report: (event: WorkerEvent) => void,
) {
  // #region work
  await boss.work<ConfirmationJob>(
    CONFIRMATIONS,
    { pollingIntervalSeconds }, // look for new jobs twice a second
    async ([job]) => {
      const attempt = { jobId: job!.id, attempt: job!.retryCount + 1 };
      report({ type: 'start', ...attempt });
      try {
        // job.signal aborts the request if pg-boss expires the attempt.
        await sendConfirmation(emailApiUrl, job!.data, job!.signal);
      } catch (error) {
        report({ type: 'error', ...attempt, message: String(error) });
        throw error; // pg-boss records the failure and schedules a retry
      }
      report({ type: 'end', ...attempt });
    },
  );
  // #endregion work
}
