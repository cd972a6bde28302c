// npm start: boot the app, send one real request whose first two tasks fail, print when everything happened, exit.
import express from 'express';
import { createApp } from './app.js';
import { backgroundTasks, type TaskEvent } from './lib/background-tasks.js';
import { postJson } from './lib/demo/post-json.js';
import { runDemo } from './lib/demo/run-demo.js';
import { createTimingLog } from './lib/demo/timing-log.js';

const log = createTimingLog();
const outcomes: Array<TaskEvent['type']> = [];
// No logError given: the default one writes each failure to console.error (stderr).
const tasks = backgroundTasks({
  onEvent(event) {
    log.onTaskEvent(event);
    if (event.type !== 'start') outcomes.push(event.type);
  },
});
const app = express()
  .disable('x-powered-by') // as in createApp
  .use(log.middleware, createApp({ tasks }));

let status = 0;
await runDemo(app, tasks, async (baseUrl) => {
  status = (
    await postJson(`${baseUrl}/orders`, { email: 'alice@example.com' }, log)
  ).status;
});

const failed = outcomes.filter((o) => o === 'error').length;
const finished = outcomes.filter((o) => o === 'end').length;
console.log(
  `response ${status} after ${log.between('request received', 'response sent')} ms; ` +
    `${failed} tasks failed, ${finished} finished, process still up`,
);
