// A database outage, as a failover, pg_terminate_backend or a proxy restart
// makes one: every connection to the database ends, and new ones are
// refused for a while. The API (src/api.ts) and a worker run as processes.
import { describe, expect, it } from 'vitest';
import { startScript } from '../src/processes.js';
import { waitForJob } from '../src/queue.js';
import { useSystem } from './system.js';

const system = useSystem({ workers: 1 });

describe('a database outage', () => {
  it(
    'the API process answers 500 internal_error while the database is gone and 201 once it is back; the worker process lives through it and sends the next confirmation',
    { timeout: 60_000 },
    async () => {
      const api = startScript<{ port: number }>('src/api.ts', {
        DATABASE_URL: system.env.DATABASE_URL,
        PORT: '0',
      });
      const { port } = await api.waitFor((m) => 'port' in m);
      const [worker] = system.workers;
      const exits: string[] = [];
      void api.exited.then(() => exits.push('API'));
      void worker!.exited.then(() => exits.push('worker'));
      const order = (email: string) =>
        fetch(`http://127.0.0.1:${port}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email }),
        }).then(async (res) => ({
          status: res.status,
          body: (await res.json()) as { order_id: string },
        }));

      // Its connections now open and idle, the database goes away.
      const before = await order('before@example.com');
      expect(before.status).toBe(201);
      const restore = await system.interrupt();
      for (const email of ['during-1@example.com', 'during-2@example.com'])
        expect(await order(email)).toEqual({
          status: 500,
          body: {
            error: { code: 'internal_error', message: 'Internal Server Error' },
          },
        });
      await restore();

      const after = await order('after@example.com');
      expect(after.status).toBe(201);
      const job = await waitForJob(
        system.boss,
        after.body.order_id,
        'completed',
      );
      expect(system.workerOf(job.id, 1)).toBe(worker); // the same process
      expect(system.emails(after.body.order_id).sent).toBeDefined();
      await waitForJob(system.boss, before.body.order_id, 'completed');
      expect(exits).toEqual([]);
      // Nothing of the refused orders was written.
      const { rows } = await system.db.query('SELECT email FROM orders');
      expect(rows.map((r) => r.email).sort()).toEqual([
        'after@example.com',
        'before@example.com',
      ]);
      await api.kill('SIGTERM');
    },
  );
});
