import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { backgroundTasks } from '../src/lib/background-tasks.js';
import { latch } from '../src/lib/latch.js';

/** The app with a notification the test controls: it records its calls and waits on a latch. */
function setup() {
  const tasks = backgroundTasks();
  const release = latch();
  const calls: string[] = [];
  const notify = vi.fn(async (message: string) => {
    calls.push(`start ${message}`);
    await release.opened;
    calls.push(`end ${message}`);
  });
  return { app: createApp({ tasks, notify }), tasks, notify, release, calls };
}

describe('POST /orders', () => {
  it('responds 201 while the notification is still running', async () => {
    const { app, tasks, release, calls } = setup();
    const res = await request(app)
      .post('/orders')
      .send({ email: 'alice@example.com' });
    expect(res.status).toBe(201);
    expect(tasks.pending).toBe(1); // the response is here, the task is not done
    expect(calls.some((c) => c.startsWith('end'))).toBe(false);
    release.open();
    await tasks.settled();
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['start', 'end']);
  });

  it('runs the notification exactly once, with the new order id', async () => {
    const { app, tasks, notify, release } = setup();
    release.open();
    const res = await request(app)
      .post('/orders')
      .send({ email: 'alice@example.com' });
    await tasks.settled();
    expect(res.body).toEqual({
      order_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith(`Order ${res.body.order_id} created`);
  });

  it('lists which fields failed validation', async () => {
    const { app } = setup();
    const res = await request(app).post('/orders').send({ email: 'nope' });
    expect(res.body.error.details).toEqual([
      { path: 'email', message: expect.stringMatching(/email/i) },
    ]);
  });
});
