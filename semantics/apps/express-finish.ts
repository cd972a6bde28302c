// What people write instead: each task on the response's 'finish' event.
import express from 'express';
import createError from 'http-errors';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { emit, listening, order, requestContext } from './kinds.mjs';

const app = express().disable('x-powered-by');
app.post('/order', async (req, res) => {
  const {
    kind = 'basic',
    id = '',
    ms = '0',
  } = req.query as Record<string, string>;
  const status = await requestContext.run(id, () =>
    order(kind, id, Number(ms), (_name, fn) => res.on('finish', () => fn())),
  );
  if (status >= 400) throw createError(status);
  res.status(status).json({ id });
});

const server = app.listen(0, '127.0.0.1', () =>
  listening((server.address() as AddressInfo).port),
);

// The test-await scenario: nothing here says when the listeners are done.
if (process.env.SEM_TEST) {
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/order?kind=basic&id=test&ms=500`;
  await fetch(url, { method: 'POST' });
  emit('test-response', 'test');
  emit('test-waited', 'test', undefined, { how: null });
  process.exit(0);
}
