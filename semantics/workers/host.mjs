// Starts worker.mjs in workerd through miniflare, on 127.0.0.1.
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { emit, listening } from '../apps/kinds.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const mf = new Miniflare({
  modulesRoot: root,
  modules: [
    { type: 'ESModule', path: `${root}workers/worker.mjs` },
    { type: 'ESModule', path: `${root}apps/kinds.mjs` },
  ],
  // workerd refuses a date later than its own build; this one is earlier
  // than workerd 1.20260730's. Raise it with the miniflare version.
  compatibilityDate: '2026-07-01',
  compatibilityFlags: ['nodejs_compat'],
  host: '127.0.0.1',
  port: 0,
});
const url = await mf.ready;

if (process.env.SEM_TEST) {
  // The test-await scenario: miniflare's own way to send a request.
  await mf.dispatchFetch(`${url.origin}/order?kind=basic&id=test&ms=500`, {
    method: 'POST',
  });
  emit('test-response', 'test');
  emit('test-waited', 'test', undefined, { how: null });
  await mf.dispose();
  process.exit(0);
}
listening(Number(url.port));
