// Fastify 5: the request collects its tasks, an onResponse hook runs them.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { emit, listening, order, requestContext } from './kinds.mjs';

declare module 'fastify' {
  interface FastifyRequest {
    tasks: Array<() => unknown>;
  }
}

const app = Fastify({ logger: true });
app.decorateRequest('tasks');
app.addHook('onRequest', async (request) => {
  request.tasks = [];
});
// "executed when a response has been sent" (Fastify's Hooks reference).
app.addHook('onResponse', async (request) => {
  for (const task of request.tasks) await task();
});
app.post('/order', async (request, reply) => {
  const q = request.query as Record<string, string>;
  const { kind = 'basic', id = '', ms = '0' } = q;
  const status = await requestContext.run(id, () =>
    order(kind, id, Number(ms), (_name, fn) => request.tasks.push(fn)),
  );
  if (status >= 400) return reply.code(status).send({ error: 'bad request' });
  return reply.code(status).send({ id });
});

if (process.env.SEM_TEST) {
  // The test-await scenario: Fastify's own test client.
  await app.inject({ method: 'POST', url: '/order?kind=basic&id=test&ms=500' });
  emit('test-response', 'test');
  emit('test-waited', 'test', undefined, { how: null });
  process.exit(0);
}
await app.listen({ port: 0, host: '127.0.0.1' });
listening((app.server.address() as AddressInfo).port);
