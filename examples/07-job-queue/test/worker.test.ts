// The worker as its own Node process, against the real queue. The email API
// stand-in runs in this process, so the tests see every request it gets.
import { describe, expect, it } from 'vitest';
import { waitForJob } from '../src/queue.js';
import { reports, useSystem } from './system.js';

const system = useSystem({ worker: true });

describe('the worker process', { timeout: 30_000 }, () => {
  it('sends the confirmation once and marks the job completed', async () => {
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
    expect(reports(system.worker, job.id)).toEqual(['start 1', 'end 1']);
  });

  it('retries a send the email API refused, after growing delays, until it succeeds, each attempt on record', async () => {
    const tries: number[] = []; // when each request reached the email API
    system.emailApi.hooks.beforeSend = (email) => {
      if (email.to !== 'dave@example.com') return;
      tries.push(performance.now());
      if (tries.length <= 2) return 503; // down twice, then back
    };
    const orderId = await system.order('dave@example.com');
    const job = await waitForJob(system.boss, orderId, 'completed');
    expect(job.retryCount).toBe(2);
    expect(reports(system.worker, job.id)).toEqual([
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
