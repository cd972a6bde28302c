// Hono on Node (@hono/node-server). c.executionCtx exists only where the
// runtime passes one (Workers); on Node its getter throws, so the route
// does what Hono's maintainers advise (honojs/hono#2649): waitUntil where
// getRuntimeKey() is 'workerd', and elsewhere a promise left running.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getRuntimeKey } from 'hono/adapter';
import { HTTPException } from 'hono/http-exception';
import { emit, listening, order, requestContext } from './kinds.mjs';

const app = new Hono();
let probed = false;
app.post('/order', async (c) => {
  const { kind = 'basic', id = '', ms = '0' } = c.req.query();
  if (!probed) {
    probed = true;
    try {
      c.executionCtx.waitUntil(Promise.resolve());
      emit('probe', id, undefined, { 'c.executionCtx': 'present' });
    } catch (error) {
      emit('probe', id, undefined, { 'c.executionCtx': String(error) });
    }
  }
  const add = (_name: string, fn: () => unknown) => {
    const run = Promise.resolve().then(fn);
    if (getRuntimeKey() === 'workerd') c.executionCtx.waitUntil(run);
  };
  const status = await requestContext.run(id, () =>
    order(kind, id, Number(ms), add),
  );
  if (status >= 400) throw new HTTPException(status as 400);
  return c.json({ id }, status as 201);
});

if (process.env.SEM_TEST) {
  // The test-await scenario: Hono's own test client.
  await app.request('/order?kind=basic&id=test&ms=500', { method: 'POST' });
  emit('test-response', 'test');
  emit('test-waited', 'test', undefined, { how: null });
  process.exit(0);
}
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  listening(info.port),
);
