import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { backgroundTasks } from '../src/lib/background-tasks.js';
import { setup } from './helpers.js';

afterEach(() => vi.restoreAllMocks());

describe('POST /orders under supertest', () => {
  // #region response-time
  it('returns the 201 before the audit task has finished', async () => {
    const { app, tasks, executed, release } = setup({ hold: true });

    const res = await request(app)
      .post('/orders')
      .send({ email: 'alice@example.com' });

    expect(res.status).toBe(201);
    expect(tasks.pending).toBe(1); // the response is here, the task is not done
    // FastAPI's `assert len(executed) == 1` would fail here.
    expect(executed).toEqual([]);

    release.open();
    await tasks.settled();
    expect(executed).toEqual([res.body.order_id]);
  });
  // #endregion response-time

  // #region settled
  it('runs the audit task once, with the order id, after settled()', async () => {
    const { app, tasks, executed, errors } = setup();

    const res = await request(app)
      .post('/orders')
      .send({ email: 'alice@example.com' });
    await tasks.settled();

    expect(res.status).toBe(201);
    expect(executed).toEqual([res.body.order_id]);
    expect(tasks.pending).toBe(0);
    expect(errors).toEqual([]);
  });
  // #endregion settled

  it('schedules nothing for a 422, so settled() has nothing to wait for', async () => {
    const { app, tasks, executed, errors } = setup({ hold: true });

    const res = await request(app)
      .post('/orders')
      .send({ email: 'not-an-email' });

    expect(res.status).toBe(422);
    expect(tasks.pending).toBe(0);
    await tasks.settled(); // would hang (and time out) if a held task had been scheduled
    expect(executed).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('a failing audit task under supertest', () => {
  // #region failing
  it('answers 201 and hands the error, with context, to logError', async () => {
    const { app, tasks, executed, errors } = setup({
      fail: new Error('audit store down'),
    });

    const res = await request(app)
      .post('/orders?source=web')
      .send({ email: 'alice@example.com' });
    expect(res.status).toBe(201); // no exception reaches the test

    await tasks.settled();
    expect(executed).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      type: 'error',
      task: 'recordAudit',
      method: 'POST',
      url: '/orders?source=web',
    });
    expect((errors[0]!.error as Error).message).toBe('audit store down');
  });
  // #endregion failing

  // #region default-log
  it('default logError: the failure is printed, the test passes', async () => {
    const consoleError = vi
      .spyOn(console, 'error')
      .mockImplementation(() => {});
    const tasks = backgroundTasks(); // no logError passed
    const app = createApp({
      tasks,
      recordAudit: function recordAudit() {
        throw new Error('audit store down');
      },
    });

    const res = await request(app)
      .post('/orders')
      .send({ email: 'alice@example.com' });
    await tasks.settled();

    expect(res.status).toBe(201);
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls[0]![0]).toBe(
      'background task recordAudit failed after POST /orders:',
    );
    expect((consoleError.mock.calls[0]![1] as Error).message).toBe(
      'audit store down',
    );
  });
  // #endregion default-log
});
