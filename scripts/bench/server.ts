// One server of `npm run bench`, in a process of its own so that it does not
// share an event loop with the load generator. The bench compiles it with tsc
// first (tsx's transform names every closure as it is created, which costs a
// request that creates closures more than it costs in production) and starts
// it as: VARIANT=mechanism TASK_MS=500 node …/scripts/bench/server.js
// Every variant serves the same route: POST /orders reads a JSON body,
// checks its email and answers 201 with a new order id. They differ only in
// what happens after the response. It listens on a free port of 127.0.0.1
// and prints it as the first line of its output. GET /stats tells the bench
// how many tasks were added and how many have run, so it can wait for them
// and check them, and the CPU time the process has used.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type * as Mechanism from '../../lib/background-tasks.js';
import {
  emailAddress,
  jsonBody,
  jsonErrors,
  parseBody,
} from '../../lib/json-api.js';
import { SERVER_VARIANTS, type ServerVariant } from './variants.js';

const variant = process.env.VARIANT as ServerVariant;
if (!SERVER_VARIANTS.includes(variant))
  throw new Error(`VARIANT must be one of ${SERVER_VARIANTS.join(', ')}`);
const taskMs = Number(process.env.TASK_MS);
// --mechanism: another checkout's lib/background-tasks.ts, to compare.
const { backgroundTasks }: typeof Mechanism = await import(
  process.env.MECHANISM
    ? pathToFileURL(process.env.MECHANISM).href
    : '../../lib/background-tasks.js'
);

const stats = { added: 0, run: 0 };
const trivialTask = () => void (stats.run += 1);
const slowTask = async () => {
  await sleep(taskMs);
  stats.run += 1;
};

const requestId = new AsyncLocalStorage<number>();
let lastId = 0;
const contextTask = () => {
  if (requestId.getStore() === undefined) throw new Error('context lost');
  stats.run += 1;
};

const CreateOrderBody = z.object({ email: emailAddress });
/** The route's own work, the same in every variant. */
const order = (body: unknown) => ({
  order_id: randomUUID(),
  email: parseBody(CreateOrderBody, body).email,
});

const handlers: Record<ServerVariant, RequestHandler> = {
  plain: (req, res) => {
    res.status(201).json({ order_id: order(req.body).order_id });
  },
  control: (req, res) => {
    res.status(201).json({ order_id: order(req.body).order_id });
  },
  installed: (req, res) => {
    res.status(201).json({ order_id: order(req.body).order_id });
  },
  noop: (req, res) => {
    res.status(201).json({ order_id: order(req.body).order_id });
  },
  mechanism: (req, res) => {
    const { order_id } = order(req.body);
    stats.added += 1;
    res.backgroundTasks.add(trivialTask);
    res.status(201).json({ order_id });
  },
  // The same, with a request id in AsyncLocalStorage that the task reads.
  context: (req, res) => {
    const { order_id } = order(req.body);
    stats.added += 1;
    res.backgroundTasks.add(contextTask);
    res.status(201).json({ order_id });
  },
  finish: (req, res) => {
    const { order_id } = order(req.body);
    stats.added += 1;
    res.on('finish', trivialTask);
    res.status(201).json({ order_id });
  },
  immediate: (req, res) => {
    const { order_id } = order(req.body);
    stats.added += 1;
    setImmediate(trivialTask);
    res.status(201).json({ order_id });
  },
  slow: (req, res) => {
    const { order_id } = order(req.body);
    stats.added += 1;
    res.backgroundTasks.add(slowTask);
    res.status(201).json({ order_id });
  },
  'slow-immediate': (req, res) => {
    const { order_id } = order(req.body);
    stats.added += 1;
    setImmediate(slowTask);
    res.status(201).json({ order_id });
  },
  awaited: async (req, res) => {
    const { order_id } = order(req.body);
    stats.added += 1;
    await slowTask();
    res.status(201).json({ order_id });
  },
};

const app = express().disable('x-powered-by');
if (variant === 'context')
  app.use((_req, _res, next) => requestId.run((lastId += 1), next));
if (['installed', 'mechanism', 'context', 'slow'].includes(variant))
  backgroundTasks().install(app);
// What any middleware costs in Express 5: one that only calls next().
if (variant === 'noop') app.use((_req, _res, next) => next());
app.post('/orders', jsonBody, handlers[variant]);
app.get('/stats', (_req, res) => {
  const { user, system } = process.cpuUsage();
  res.json({ ...stats, cpuUs: user + system });
});
app.use(jsonErrors);
const server = app.listen(0, '127.0.0.1', () =>
  console.log((server.address() as AddressInfo).port),
);
// The bench stops its servers with SIGTERM: exit normally, so that
// `--cpu-prof` (npm run bench -- --profile DIR) writes its profile.
process.once('SIGTERM', () => server.close(() => process.exit(0)));
