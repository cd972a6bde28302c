// npm start: boot the app, send one order, then send this process SIGTERM
// while the order's confirmation is still running, as a deploy would. Print
// when everything happened; the shutdown ends the process.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from './app.js';
import { backgroundTasks } from './lib/background-tasks.js';
import { latch } from './lib/latch.js';
import { postJson } from './lib/demo/post-json.js';
import { createTimingLog } from './lib/demo/timing-log.js';
import { exitOnceWritten, gracefulShutdown } from './shutdown.js';

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
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
await postJson(
  `http://127.0.0.1:${port}/orders`,
  { email: 'alice@example.com' },
  log,
);
await started.opened;
log.mark('sending SIGTERM to this process, as a deploy would');
process.kill(process.pid, 'SIGTERM');
