// npm start: boot the app, send one real request, print when everything happened, exit.
import express from 'express';
import { createApp } from './app.js';
import { backgroundTasks } from './lib/background-tasks.js';
import { postJson } from './lib/demo/post-json.js';
import { runDemo } from './lib/demo/run-demo.js';
import { createTimingLog } from './lib/demo/timing-log.js';

const log = createTimingLog();
const tasks = backgroundTasks({ onEvent: log.onTaskEvent });
const app = express()
  .disable('x-powered-by') // as in createApp
  .use(log.middleware, createApp({ tasks }));

await runDemo(app, tasks, async (baseUrl) => {
  await postJson(`${baseUrl}/orders`, { email: 'alice@example.com' }, log);
});

console.log(
  `response after ${log.between('request received', 'response sent')} ms; task finished ${log.between('response sent', 'finished')} ms later`,
);
