// Crashes: a real SIGKILL sent to a real worker process in the middle of its
// job, and the same SIGKILL sent to an app that uses in-process tasks.
import { describe, expect, it } from 'vitest';
import { startScript, startWorker } from '../src/processes.js';
import { waitForJob } from '../src/queue.js';
import { holdFirst, reports, useSystem } from './system.js';

const system = useSystem({ worker: true });

describe('a worker killed mid-job', { timeout: 30_000 }, () => {
  it('has its job retried by the next worker once the job expires, and the idempotency key keeps it to one email', async () => {
    const { reached, hook } = holdFirst('erin@example.com');
    system.emailApi.hooks.afterSend = hook; // sent, but not answered yet
    const arrivals: number[] = [];
    system.emailApi.hooks.beforeSend = (email) => {
      if (email.to === 'erin@example.com') arrivals.push(performance.now());
    };
    const orderId = await system.order('erin@example.com');
    await reached.opened;
    const killed = system.worker;
    expect(await killed.kill('SIGKILL')).toEqual({
      code: null,
      signal: 'SIGKILL',
    });
    system.worker = await startWorker(system.env);

    const job = await waitForJob(system.boss, orderId, 'completed');
    expect(job.retryCount).toBe(1);
    expect(reports(killed, job.id)).toEqual(['start 1']); // never finished
    expect(reports(system.worker, job.id)).toEqual(['start 2', 'end 2']);
    // At least once: the email API got the same key twice, and sent once.
    const { received, sent } = system.emails(orderId);
    expect(received.map((e) => e.key)).toEqual([
      system.key(orderId),
      system.key(orderId),
    ]);
    expect(sent?.to).toBe('erin@example.com');
    // The retry came once the attempt had expired (expireInSeconds: 2), not
    // as soon as a worker was free. A lower bound: load only delays it.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(2000);
  });
});

describe(
  'in-process tasks and the queue, killed the same way',
  { timeout: 30_000 },
  () => {
    it('loses the in-process task for good, while the queued job is retried and its email sent', async () => {
      const queued = holdFirst('frank@example.com');
      const inProcess = holdFirst('grace@example.com');
      system.emailApi.hooks.beforeSend = (email) =>
        queued.hook(email) ?? inProcess.hook(email); // held before sending
      const startApp = () =>
        startScript<{ port: number }>('src/in-process.ts', system.env);
      const app = startApp();
      const { port } = await app.waitFor(() => true);

      const queuedOrder = await system.order('frank@example.com');
      const res = await fetch(`http://127.0.0.1:${port}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'grace@example.com' }),
      });
      expect(res.status).toBe(201);
      const { order_id: inProcessOrder } = (await res.json()) as {
        order_id: string;
      };

      // Both are in the middle of sending: kill both, then restart both.
      await Promise.all([queued.reached.opened, inProcess.reached.opened]);
      await Promise.all([system.worker.kill('SIGKILL'), app.kill('SIGKILL')]);
      const restarted = startApp();
      system.worker = await startWorker(system.env);
      await restarted.waitFor(() => true);

      await waitForJob(system.boss, queuedOrder, 'completed');
      expect(system.emails(queuedOrder).received).toHaveLength(2);
      expect(system.emails(queuedOrder).sent?.to).toBe('frank@example.com');
      // The in-process order was saved, but its email was never sent, and no
      // process will send it: it lived only in the killed process's memory.
      const saved = await system.pool.query(
        'SELECT email FROM orders WHERE id = $1',
        [inProcessOrder],
      );
      expect(saved.rows).toEqual([{ email: 'grace@example.com' }]);
      expect(system.emails(inProcessOrder).received).toHaveLength(1);
      expect(system.emails(inProcessOrder).sent).toBeUndefined();
      await restarted.kill('SIGTERM');
    });
  },
);
