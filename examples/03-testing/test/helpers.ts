import { createApp } from '../src/app.js';
import {
  backgroundTasks,
  type TaskEvent,
} from '../src/lib/background-tasks.js';
import { latch } from '../src/lib/latch.js';

// #region setup
/**
 * The app with a tracking fake for recordAudit. `executed` lists the order
 * ids it finished, `errors` what logError received. With `hold`, the task
 * waits until the test calls `release.open()`. With `fail`, it throws that
 * error instead of recording.
 */
export function setup({
  hold = false,
  fail,
}: { hold?: boolean; fail?: Error } = {}) {
  const executed: string[] = [];
  const errors: TaskEvent[] = [];
  const release = latch();
  if (!hold) release.open();

  async function recordAudit(orderId: string) {
    await release.opened;
    if (fail) throw fail;
    executed.push(orderId);
  }

  // Failures land in `errors`.
  const tasks = backgroundTasks({ logError: (e) => errors.push(e) });
  return {
    app: createApp({ tasks, recordAudit }),
    tasks,
    executed,
    errors,
    release,
  };
}
// #endregion setup
