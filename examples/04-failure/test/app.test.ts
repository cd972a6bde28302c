import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, type AppDependencies } from '../src/app.js';
import {
  backgroundTasks,
  type TaskEvent,
} from '../src/lib/background-tasks.js';
import { latch } from '../src/lib/latch.js';
import { riskyAsyncTask as realRiskyAsyncTask } from '../src/tasks.js';

/**
 * The app with the real failing tasks and a notification that only records its message.
 * `log` holds, in order, when the response finished and each task's start, end or error.
 */
function setup(overrides: Partial<AppDependencies> = {}) {
  const log: string[] = [];
  const errors: TaskEvent[] = [];
  const sent: string[] = [];
  const tasks = backgroundTasks({
    logError: (event) => errors.push(event),
    onEvent: (event) => log.push(`${event.type} ${event.task}`),
  });
  const app = express()
    .use((_req, res, next) => {
      res.on('finish', () => log.push(`response ${res.statusCode}`));
      next();
    })
    .use(
      createApp({
        tasks,
        notify: function sendNotification(message: string) {
          sent.push(message);
        },
        ...overrides,
      }),
    );
  return { app, tasks, log, errors, sent };
}

const order = { email: 'alice@example.com' };

afterEach(() => vi.restoreAllMocks());

describe('POST /orders with failing tasks', () => {
  it('answers 201 with the order id although one task throws and one rejects', async () => {
    const { app, tasks, errors } = setup();
    const res = await request(app).post('/orders').send(order);
    await tasks.settled();
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      order_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(errors.map((e) => e.task)).toEqual([
      'riskySyncTask',
      'riskyAsyncTask',
    ]); // both really failed
  });

  it('keeps the 201 when the async task rejects after the client has it', async () => {
    const hold = latch();
    const { app, tasks, errors } = setup({
      riskyAsync: async function riskyAsyncTask(orderId: string) {
        await hold.opened;
        return realRiskyAsyncTask(orderId); // the real one: rejects
      },
    });
    const res = await request(app).post('/orders').send(order);
    expect(res.status).toBe(201);
    expect(tasks.pending).toBeGreaterThan(0); // the client has its answer; the rejection is still to come
    expect(errors.map((e) => e.task)).not.toContain('riskyAsyncTask');
    hold.open();
    await tasks.settled();
    expect(errors.map((e) => e.task)).toContain('riskyAsyncTask');
  });

  it('logs each failure with method, path, task name and error message', async () => {
    const { app, tasks, errors } = setup();
    const res = await request(app).post('/orders').send(order);
    await tasks.settled();
    const id = res.body.order_id;
    expect(
      errors.map(({ type, method, url, task, error }) => ({
        type,
        method,
        url,
        task,
        message: (error as Error).message,
      })),
    ).toEqual([
      {
        type: 'error',
        method: 'POST',
        url: '/orders',
        task: 'riskySyncTask',
        message: `risky sync task failed for order ${id}`,
      },
      {
        type: 'error',
        method: 'POST',
        url: '/orders',
        task: 'riskyAsyncTask',
        message: `risky async task failed for order ${id}`,
      },
    ]);
  });

  it('still runs the notification after the two failures, in the order added', async () => {
    const { app, tasks, log, sent } = setup();
    const res = await request(app).post('/orders').send(order);
    await tasks.settled();
    expect(log).toEqual([
      'response 201',
      'start riskySyncTask',
      'error riskySyncTask',
      'start riskyAsyncTask',
      'error riskyAsyncTask',
      'start sendNotification',
      'end sendNotification',
    ]);
    expect(sent).toEqual([`Order ${res.body.order_id} created`]);
  });

  it('writes one console.error line per failure with the default logger', async () => {
    const consoleError = vi
      .spyOn(console, 'error')
      .mockImplementation(() => {});
    const tasks = backgroundTasks(); // no logError: the default one
    const app = createApp({ tasks, notify: function sendNotification() {} });
    const res = await request(app).post('/orders').send(order);
    await tasks.settled();
    const id = res.body.order_id;
    expect(
      consoleError.mock.calls.map(([text, error]) => [
        text,
        (error as Error).message,
      ]),
    ).toEqual([
      [
        'background task riskySyncTask failed after POST /orders:',
        `risky sync task failed for order ${id}`,
      ],
      [
        'background task riskyAsyncTask failed after POST /orders:',
        `risky async task failed for order ${id}`,
      ],
    ]);
  });
});
