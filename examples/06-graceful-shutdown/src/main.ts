// npm start: boot the app, send one order, then send this process SIGTERM
// while the order's confirmation is still running, as a deploy would. Print
// when everything happened; the shutdown ends the process. It first checks the
// two things it relies on that a sandbox may lack (src/lib/demo/runtime.ts).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import { createApp } from './app.js';
import { backgroundTasks } from './lib/background-tasks.js';
import { latch } from './lib/latch.js';
import { postJson } from './lib/demo/post-json.js';
import {
  checkAsyncContext,
  checkSelfSignal,
  within,
} from './lib/demo/runtime.js';
import { createTimingLog } from './lib/demo/timing-log.js';
import { exitOnceWritten, gracefulShutdown } from './shutdown.js';

await checkAsyncContext(
  'so the request id also travels to the task as an argument: the log still shows it',
);
const selfSignal = await checkSelfSignal(
  'so the shutdown starts directly when SIGTERM does not arrive',
);

const log = createTimingLog();
const started = latch();
const tasks = backgroundTasks({
  onEvent(event) {
    log.onTaskEvent(event);
    if (event.type === 'start') started.open();
  },
});
const shutdown = gracefulShutdown(tasks, {
  deadlineMs: 5000,
  log: log.mark,
  exit(code) {
    console.log(
      `SIGTERM ${log.between('response sent', 'SIGTERM received')} ms after the response; ` +
        `the task finished ${log.between('SIGTERM received', 'finished')} ms after it; exit code ${code}`,
    );
    exitOnceWritten(code);
  },
});
const app = express()
  .disable('x-powered-by') // as in createApp
  .use(log.middleware, createApp({ tasks, gate: shutdown.gate }));

const server = app.listen(0, '127.0.0.1');
shutdown.listen(server);
await within(30_000, 'the server to listen', once(server, 'listening'));
const { port } = server.address() as AddressInfo;
await within(
  30_000,
  'the response to POST /orders',
  postJson(
    `http://127.0.0.1:${port}/orders`,
    { email: 'alice@example.com' },
    log,
  ),
);
await within(30_000, 'the confirmation task to start', started.opened);
const signalled = new Promise<boolean>((resolve) =>
  process.once('SIGTERM', () => resolve(true)),
);
log.mark('sending SIGTERM to this process, as a deploy would');
process.kill(process.pid, 'SIGTERM');
// Wait at most 1 s for it (no time at all if the check above saw none
// arrive); the shutdown's own deadline (5 s) bounds everything after.
const waitMs = selfSignal ? 1000 : 0;
if (!(await Promise.race([signalled, sleep(waitMs, false)]))) {
  log.mark(
    `SIGTERM ${selfSignal ? `did not arrive within ${waitMs} ms` : 'does not arrive in this runtime'}: starting the shutdown directly`,
  );
  process.emit('SIGTERM', 'SIGTERM');
}
