// npm start: three scenarios on one app. In each, request A schedules a background task, and a
// second client sends request B the moment that task starts. The log shows whether B had to wait.
import express from 'express';
import { createApp } from './app.js';
import { openConnection, type Reply } from './client.js';
import { fingerprint } from './fingerprint.mjs';
import { backgroundTasks } from './lib/background-tasks.js';
import { postJson } from './lib/demo/post-json.js';
import { runDemo } from './lib/demo/run-demo.js';
import { createTimingLog } from './lib/demo/timing-log.js';

/** PBKDF2 rounds that take about `ms` here, so the CPU task lasts about as long as the 200 ms I/O task. */
function calibrate(ms: number): number {
  fingerprint('warm-up', 10_000);
  let rounds = 0;
  const started = performance.now();
  while (performance.now() - started < ms / 4) {
    fingerprint('calibration', 5_000);
    rounds += 5_000;
  }
  return Math.round((rounds * ms) / (performance.now() - started));
}

const iterations = calibrate(200);
const log = createTimingLog();
let onTaskStart: (() => void) | undefined; // called once, by the next task's 'start' event
const tasks = backgroundTasks({
  onEvent: (event) => {
    log.onTaskEvent(event);
    if (event.type !== 'start') return;
    const callback = onTaskStart;
    onTaskStart = undefined;
    callback?.();
  },
});
const app = express()
  .disable('x-powered-by') // as in createApp
  .use(log.middleware, createApp({ tasks, iterations }));

const scenarios = [
  { name: 'sync CPU task', path: '/documents/sync' },
  { name: 'async I/O task', path: '/documents/async' },
  { name: 'CPU task in a worker', path: '/documents/worker' },
];
const results: Array<{ name: string; ms: number; waited: boolean }> = [];

log.note(
  `calibrated: ${iterations} PBKDF2 rounds take about 200 ms on this machine`,
);
await runDemo(app, tasks, async (baseUrl) => {
  for (const { name, path } of scenarios) {
    log.note(`--- ${name} ---`);
    const second = await openConnection(baseUrl);
    // Request B leaves inside the task's 'start' event, just before the task's own code runs.
    const sentB = new Promise<{
      at: number;
      reply: Promise<Reply & { at: number }>;
    }>((resolve) => {
      onTaskStart = () => {
        log.sent('request B', 'GET /documents');
        const reply = second
          .get('/documents')
          .then((r) => ({ ...r, at: performance.now() }));
        resolve({ at: performance.now(), reply });
      };
    });

    log.sent('request A', `POST ${path}`);
    const resA = await postJson(
      `${baseUrl}${path}`,
      { text: `quarterly report (${name})` },
      log,
    );
    const { id } = (await resA.json()) as { id: string };
    const { at: sentAt, reply } = await sentB;
    const b = await reply;
    const ms = Math.round(b.at - sentAt);
    const status = (b.body as Array<{ id: string; status: string }>).find(
      (d) => d.id === id,
    )?.status;
    log.note(
      `client got B's answer (${b.status}) ${ms} ms after sending it; it lists A's document as ${status}`,
    );
    results.push({ name, ms, waited: status === 'done' });
    await tasks.settled(); // one scenario at a time
    second.close();
  }
});

console.log('');
for (const { name, ms, waited } of results) {
  console.log(
    `${name}: request B answered in ${ms} ms (${waited ? 'waited for the task' : 'did not wait for the task'})`,
  );
}
const names = (waited: boolean) =>
  results
    .filter((r) => r.waited === waited)
    .map((r) => r.name)
    .join(', ') || 'none';
console.log(
  `request B waited for: ${names(true)}; it did not wait for: ${names(false)}`,
);
