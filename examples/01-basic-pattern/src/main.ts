// npm start: boot the app, send one real request, print when everything happened, exit.
import express from 'express';
import { createApp } from './app.js';
import { backgroundTasks } from './lib/background-tasks.js';
import { createTimingLog, runDemo } from './lib/timing-log.js';

const log = createTimingLog();
const tasks = backgroundTasks({ onEvent: log.onTaskEvent });
const app = express().use(log.middleware, createApp({ tasks }));

await runDemo(app, tasks, async (baseUrl) => {
  const res = await fetch(`${baseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@example.com' }),
  });
  log.note(`client got ${res.status} ${await res.text()}`);
});

const sent = log.at('response sent');
console.log(`response after ${sent - log.at('request received')} ms; task finished ${log.at('finished') - sent} ms later`);
