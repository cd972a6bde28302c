// The worker side, with real processes. Workers run as Node processes of
// their own, three at first, and the crash tests end them with a real
// SIGKILL. The email API stand-in runs in this process, so the tests see
// every request it gets. The tests run side by side, one recipient each.
import { describe, it } from 'vitest';
import { startScript } from '../src/processes.js';
import { waitForJob } from '../src/queue.js';
import { latch } from '../src/lib/latch.js';
import { holdFirst, useSystem } from './system.js';

const system = useSystem({ workers: 3 });
// Each test starts processes (a replacement worker, the in-process app) and
// waits out an expiry: seconds on an idle machine, up to a minute on one
// loaded four times over (its 2 cores shared by other jobs).

describe.concurrent('the worker process', { timeout: 60_000 }, () => {
  it('sends the confirmation once and marks the job completed', async ({
    expect,
  }) => {
    const orderId = await system.order('carol@example.com');
    const job = await waitForJob(system.boss, orderId, 'completed');
    expect(job.retryCount).toBe(0);
    const { received, sent } = system.emails(orderId);
    expect(received).toHaveLength(1);
    expect(sent).toEqual({
      key: system.key(orderId),
      to: 'carol@example.com',
      subject: `Order ${orderId} confirmed`,
    });
    expect(system.reports(job.id)).toEqual(['start 1', 'end 1']);
  });

  it('retries a send the email API refused, after growing delays, until it succeeds, each attempt on record', async ({
    expect,
  }) => {
    const tries: number[] = []; // when each request reached the email API
    system.onEmail('dave@example.com', {
      beforeSend() {
        tries.push(performance.now());
        if (tries.length <= 2) return 503; // down twice, then back
      },
    });
    const orderId = await system.order('dave@example.com');
    const job = await waitForJob(system.boss, orderId, 'completed');
    expect(job.retryCount).toBe(2);
    expect(system.reports(job.id)).toEqual([
      'start 1',
      'error 1',
      'start 2',
      'error 2',
      'start 3',
      'end 3',
    ]);
    const { received, sent } = system.emails(orderId);
    expect(received).toHaveLength(3);
    expect(sent?.to).toBe('dave@example.com');
    // Lower bounds only (a busy machine makes a retry later, never sooner):
    // retryDelay 1 s with backoff waits at least 1 s, then at least 2 s.
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(1000);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(2000);
  });
});

describe.concurrent('a worker stopped mid-job', { timeout: 60_000 }, () => {
  it('by SIGINT (Ctrl-C, PM2, Fly) as by SIGTERM, settles the attempt it holds, then exits with code 0', async ({
    expect,
  }) => {
    const reached = latch();
    const release = latch();
    system.onEmail('heidi@example.com', {
      beforeSend: () => (reached.open(), release.opened),
    });
    const orderId = await system.order('heidi@example.com');
    await reached.opened;
    const { id: jobId } = await waitForJob(system.boss, orderId, 'active');
    const worker = system.workerOf(jobId, 1)!;
    const exited = worker.kill('SIGINT');
    release.open();
    expect(await exited).toEqual({ code: 0, signal: null });
    const own = worker.messages.flatMap((e) =>
      'jobId' in e && e.jobId === jobId ? [`${e.type} ${e.attempt}`] : [],
    );
    // Settled, not abandoned: 'end 1', or 'error 1' if the attempt expired
    // (2 s here) on a busy machine before the release; pg-boss retries it.
    expect(own).toEqual(['start 1', expect.stringMatching(/^(end|error) 1$/)]);
    await system.addWorker(); // a replacement, as a process manager would
    await waitForJob(system.boss, orderId, 'completed');
    expect(system.emails(orderId).sent?.to).toBe('heidi@example.com');
  });
});

describe.concurrent('a worker killed mid-job', { timeout: 60_000 }, () => {
  it('has its job retried by the next worker once the job expires, and the idempotency key keeps it to one email', async ({
    expect,
  }) => {
    const held = holdFirst('afterSend'); // sent, but not answered yet
    const arrivals: number[] = [];
    system.onEmail('erin@example.com', {
      beforeSend: () => void arrivals.push(performance.now()),
      ...held.hooks,
    });
    const orderId = await system.order('erin@example.com');
    await held.reached.opened;
    const { id: jobId } = await waitForJob(system.boss, orderId, 'active');
    const killed = system.workerOf(jobId, 1)!;
    expect(await killed.kill('SIGKILL')).toEqual({
      code: null,
      signal: 'SIGKILL',
    });
    await system.addWorker(); // a replacement, as a process manager would

    const job = await waitForJob(system.boss, orderId, 'completed');
    expect(job.retryCount).toBe(1);
    expect(system.reports(jobId)).toEqual(['start 1', 'start 2', 'end 2']);
    expect(system.workerOf(jobId, 2)).not.toBe(killed);
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

describe.concurrent(
  'in-process tasks and the queue, killed the same way',
  { timeout: 60_000 },
  () => {
    it('loses the in-process task for good, while the queued job is retried and its email sent', async ({
      expect,
      onTestFinished,
    }) => {
      const queued = holdFirst('beforeSend'); // held before sending
      const inProcess = holdFirst('beforeSend');
      system.onEmail('frank@example.com', queued.hooks);
      system.onEmail('grace@example.com', inProcess.hooks);
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
      const { id: jobId } = await waitForJob(
        system.boss,
        queuedOrder,
        'active',
      );
      await Promise.all([
        system.workerOf(jobId, 1)!.kill('SIGKILL'),
        app.kill('SIGKILL'),
      ]);
      const restarted = startApp();
      onTestFinished(async () => void (await restarted.kill('SIGTERM')));
      await Promise.all([system.addWorker(), restarted.waitFor(() => true)]);

      await waitForJob(system.boss, queuedOrder, 'completed');
      // At least twice: the killed attempt, then the retry. On a machine
      // loaded enough for the retry to outlast its own 2 s expiry, pg-boss
      // tries once more (seen with six test files at once on 2 cores); the
      // key still keeps it to one email.
      expect(system.emails(queuedOrder).received.length).toBeGreaterThanOrEqual(
        2,
      );
      expect(system.emails(queuedOrder).sent?.to).toBe('frank@example.com');
      // The in-process order was saved, but its email was never sent, and
      // no process will send it: it lived only in the killed process.
      const saved = await system.db.query(
        'SELECT email FROM orders WHERE id = $1',
        [inProcessOrder],
      );
      expect(saved.rows).toEqual([{ email: 'grace@example.com' }]);
      expect(system.emails(inProcessOrder).received).toHaveLength(1);
      expect(system.emails(inProcessOrder).sent).toBeUndefined();
    });
  },
);
