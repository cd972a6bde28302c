// npm run bench: what the after-response pattern buys, and what the middleware costs, as ratios
// measured in one run on this machine (absolute numbers vary from machine to machine; the ratios less).
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Express } from 'express';
import { backgroundTasks } from '../lib/background-tasks.js';

const TASK_MS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const slowTask = () => sleep(TASK_MS);

async function measure(app: Express, rounds: number) {
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await (await fetch(url, { method: 'POST' })).text();
    times.push(performance.now() - t);
  }
  server.close();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const tasks = backgroundTasks();
const inline = express().post('/', async (_req, res) => {
  await slowTask();
  res.json({});
});
const after = express()
  .use(tasks.middleware)
  .post('/', (_req, res) => {
    res.locals.backgroundTasks.add(slowTask);
    res.json({});
  });
const bare = express().post('/', (_req, res) => void res.json({}));
const mounted = express()
  .use(backgroundTasks().middleware)
  .post('/', (_req, res) => void res.json({}));

await measure(bare, 50); // warm up
const rows = {
  [`task awaited in the handler (${TASK_MS} ms task)`]: await measure(
    inline,
    ROUNDS / 4,
  ),
  'task added with backgroundTasks': await measure(after, ROUNDS / 4),
  'no middleware, no task': await measure(bare, ROUNDS),
  'middleware mounted, no task': await measure(mounted, ROUNDS),
};
await tasks.settled();
console.log('median response time (fetch on loopback, sequential requests):');
for (const [label, ms] of Object.entries(rows))
  console.log(`  ${label.padEnd(44)} ${ms.toFixed(2)} ms`);
const [awaited, added, none, withMw] = Object.values(rows) as [
  number,
  number,
  number,
  number,
];
console.log(
  `response time, awaited task ÷ background task: ${(awaited / added).toFixed(1)}×`,
);
console.log(
  `response time, middleware ÷ none (per-request cost of the middleware): ${(withMw / none).toFixed(2)}×`,
);
