// npm start: boot the app, send one real request, print what a test would see at response time and after settled().
import express from 'express';
import { createApp } from './app.js';
import { recordAudit as writeAuditEntry } from './audit.js';
import { backgroundTasks } from './lib/background-tasks.js';
import { postJson } from './lib/demo/post-json.js';
import { runDemo } from './lib/demo/run-demo.js';
import { createTimingLog } from './lib/demo/timing-log.js';

const log = createTimingLog();
const tasks = backgroundTasks({ onEvent: log.onTaskEvent });
const executed: string[] = []; // what a test's tracking fake would record
const app = express()
  .disable('x-powered-by') // as in createApp
  .use(
    log.middleware,
    createApp({
      tasks,
      recordAudit: async function recordAudit(orderId: string) {
        await writeAuditEntry(orderId); // the real ~300 ms task
        executed.push(orderId);
      },
    }),
  );

await runDemo(app, tasks, async (baseUrl) => {
  await postJson(`${baseUrl}/orders`, { email: 'alice@example.com' }, log);
  log.note(
    `at response: pending=${tasks.pending}, executed=${executed.length}`,
  );
  await tasks.settled();
  log.note(
    `after settled(): pending=${tasks.pending}, executed=${executed.length}`,
  );
});

console.log(
  `response after ${log.between('request received', 'response sent')} ms; settled() resolved ${log.between('response sent', 'after settled()')} ms later`,
);
