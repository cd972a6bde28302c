// The site's row: Express 5 and lib/background-tasks.ts, with the graceful
// shutdown of example 6 (stop taking requests, wait for the tasks, exit).
import express from 'express';
import createError from 'http-errors';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { backgroundTasks } from '../../lib/background-tasks.js';
import { emit, listening, order, requestContext } from './kinds.mjs';

// 2 s rather than the default 30 s, so the time-limit scenario is short
// (and the SIGTERM scenario's 1.5 s task stays within it).
const tasks = backgroundTasks({ taskTimeoutMs: 2000 });
const app = express().disable('x-powered-by');
tasks.install(app);
app.post('/order', async (req, res) => {
  const {
    kind = 'basic',
    id = '',
    ms = '0',
  } = req.query as Record<string, string>;
  const { add } = res.backgroundTasks;
  const status = await requestContext.run(id, () =>
    order(kind, id, Number(ms), (_name, fn) => add(fn)),
  );
  if (status >= 400) throw createError(status);
  res.status(status).json({ id });
});

const server = app.listen(0, '127.0.0.1', () =>
  listening((server.address() as AddressInfo).port),
);

process.on('SIGTERM', async () => {
  server.close();
  // As example 6 does: settled() against a deadline of its own.
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    tasks.settled().then(() => true),
    new Promise<false>(
      (resolve) => (timer = setTimeout(resolve, 10_000, false)),
    ),
  ]);
  clearTimeout(timer);
  emit('exiting', '', undefined, { drained });
  process.exit(drained ? 0 : 1);
});

// The test-await scenario: a test's request, then whatever the system
// offers to wait for its tasks.
if (process.env.SEM_TEST) {
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/order?kind=basic&id=test&ms=500`;
  await fetch(url, { method: 'POST' });
  emit('test-response', 'test');
  await tasks.settled();
  emit('test-waited', 'test', undefined, { how: 'await tasks.settled()' });
  process.exit(0);
}
