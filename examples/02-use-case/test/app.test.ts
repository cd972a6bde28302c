// The handler layer with a FAKE use case: the test hands createApp a stub, where a FastAPI test would
// swap the dependency, and checks what the handler does with its input and output.
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import type { CreateOrderInput } from '../src/create-order.js';
import { backgroundTasks } from '../src/lib/background-tasks.js';
import { latch } from '../src/lib/latch.js';

/**
 * The app with a stub use case and a notification the test controls. `log` records, in order, what
 * the use case got, when the response was sent and when the notification started and ended.
 * The stub's notifyEmail differs from the request's email, so a test can tell which one was used.
 */
function setup(
  execute = async (input: CreateOrderInput) => ({
    orderId: 'order-42',
    notifyEmail: `billing+${input.email}`,
  }),
) {
  const tasks = backgroundTasks();
  const release = latch();
  const log: string[] = [];
  const useCase = {
    execute: vi.fn(async (input: CreateOrderInput) => {
      log.push(`use case ${input.email}`);
      return execute(input);
    }),
  };
  const notify = vi.fn(async (email: string) => {
    log.push(`notify start ${email}`);
    await release.opened;
    log.push(`notify end ${email}`);
  });
  const app = express()
    .use((_req, res, next) => {
      res.on('finish', () => log.push(`response ${res.statusCode}`));
      next();
    })
    .use(createApp({ tasks, useCase, notify }));
  return { app, tasks, useCase, notify, release, log };
}

afterEach(() => vi.restoreAllMocks());

describe('POST /orders with a fake use case', () => {
  it('passes only the validated email to the use case and answers 201 with its order id', async () => {
    const { app, tasks, useCase, release } = setup();
    release.open();
    const res = await request(app)
      .post('/orders')
      .send({ email: 'alice@example.com', role: 'admin' });
    await tasks.settled();
    expect(useCase.execute).toHaveBeenCalledTimes(1);
    expect(useCase.execute).toHaveBeenCalledWith({
      email: 'alice@example.com',
    }); // no `role`
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ order_id: 'order-42' });
  });

  it('schedules exactly one notification, to the notifyEmail the use case returned, after the response', async () => {
    const { app, tasks, notify, release, log } = setup();
    const res = await request(app)
      .post('/orders')
      .send({ email: 'alice@example.com' });
    expect(res.status).toBe(201);
    await vi.waitUntil(() =>
      log.includes('notify start billing+alice@example.com'),
    );
    expect(tasks.pending).toBe(1); // the client has its 201; the notification is held at the latch
    expect(log).toEqual([
      'use case alice@example.com',
      'response 201',
      'notify start billing+alice@example.com',
    ]);
    release.open();
    await tasks.settled();
    expect(log.at(-1)).toBe('notify end billing+alice@example.com');
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith('billing+alice@example.com');
  });

  it('answers a use case that throws with a JSON 500 and schedules nothing', async () => {
    const failure = new Error('database is down');
    const { app, tasks, useCase, notify, release, log } = setup(async () => {
      throw failure;
    });
    release.open();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await request(app)
      .post('/orders')
      .send({ email: 'alice@example.com' });
    await tasks.settled();
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: { code: 'internal_error', message: 'Internal Server Error' },
    }); // no internals leak
    expect(logged).toHaveBeenCalledWith(failure); // but the server log has the real error
    expect(useCase.execute).toHaveBeenCalledTimes(1);
    expect(notify).not.toHaveBeenCalled();
    expect(log).toEqual(['use case alice@example.com', 'response 500']);
  });
});
