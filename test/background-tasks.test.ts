// Proves each promise of lib/background-tasks.ts, with latches instead of sleeps.
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backgroundTasks,
  type BackgroundTaskOptions,
  type BackgroundTaskRunner,
  OverloadedError,
  type TaskEvent,
  TaskTimeoutError,
  type UnfinishedTask,
} from '../lib/background-tasks.js';
import { jsonErrors } from '../lib/json-api.js';
import { latch } from '../lib/latch.js';

/** An app whose POST /run lets the test script the handler; `log` records what happened in order. */
function setup(
  handler: express.RequestHandler,
  options: BackgroundTaskOptions = {},
) {
  const log: string[] = [];
  const errors: TaskEvent[] = [];
  const tasks = backgroundTasks({
    logError: (e) => errors.push(e),
    ...options,
  });
  const app = express();
  app.use((_req, res, next) => {
    res.on('finish', () => log.push('response finished'));
    next();
  });
  tasks.install(app);
  app.post('/run', handler);
  return { app, tasks, log, errors };
}

/** A new app with `tasks` installed. */
function installed(tasks: BackgroundTaskRunner) {
  const app = express();
  tasks.install(app);
  return app;
}

afterEach(() => vi.restoreAllMocks());

/** POST /run on a real socket, aborted by the client once the handler has reached `reached`. */
async function abortMidHandler(app: express.Express, reached: Promise<void>) {
  const server = app.listen(0);
  await once(server, 'listening');
  const closed = latch();
  server.on('connection', (socket) => socket.on('close', () => closed.open()));
  const client = http.request({
    port: (server.address() as AddressInfo).port,
    method: 'POST',
    path: '/run',
  });
  client.on('error', () => {}); // the abort is ours
  client.end();
  await reached;
  client.destroy();
  await closed.opened;
  await new Promise((resolve) => setImmediate(resolve)); // the response's 'close' comes on the next turn
  return server;
}

describe('background tasks', () => {
  describe('after the response', () => {
    it('starts tasks only after the response has been sent, counting them as pending from add()', async () => {
      const ctx = setup((_req, res) => {
        res.backgroundTasks.add(() => ctx.log.push('task ran'));
        ctx.log.push(`handler returned, pending ${ctx.tasks.pending}`); // counted from add(), before the response
        res.status(201).json({ ok: true });
      });
      await request(ctx.app).post('/run').expect(201);
      await ctx.tasks.settled();
      expect(ctx.log).toEqual([
        'handler returned, pending 1',
        'response finished',
        'task ran',
      ]);
    });

    it('lets the client have the response while a task is still running', async () => {
      const hold = latch();
      const { app, tasks, log } = setup((_req, res) => {
        res.backgroundTasks.add(async function slow() {
          log.push('task started');
          await hold.opened;
          log.push('task ended');
        });
        res.json({});
      });
      await request(app).post('/run').expect(200);
      await vi.waitUntil(() => log.includes('task started'));
      expect(log).not.toContain('task ended');
      expect(tasks.pending).toBe(1);
      hold.open();
      await tasks.settled();
      expect(log.filter((l) => l.startsWith('task'))).toEqual([
        'task started',
        'task ended',
      ]);
      expect(tasks.pending).toBe(0);
    });

    it('watches a response only from its first add(): a request that adds nothing gets no listener', async () => {
      const counts: number[] = [];
      const count = (res: express.Response) =>
        counts.push(res.listenerCount('finish') + res.listenerCount('close'));
      const plain = express().post('/run', (_req, res) => {
        count(res);
        res.json({});
      });
      const { app, tasks } = setup((req, res) => {
        count(res);
        if (req.query.add) res.backgroundTasks.add(() => {});
        count(res);
        res.json({});
      });
      await request(plain).post('/run');
      await request(app).post('/run');
      await request(app).post('/run?add=1');
      await tasks.settled();
      const [bare, noTask, noTaskAfter, withTask, withTaskAfter] = counts;
      expect(noTask).toBe(bare! + 1); // setup's own 'finish' listener
      expect(noTaskAfter).toBe(noTask);
      expect(withTaskAfter).toBeGreaterThan(withTask!);
    });

    it('gives one list per request across the routers and apps mounted in the app, and none to another app’s responses', async () => {
      const tasks = backgroundTasks();
      const ran: string[] = [];
      const lists: unknown[] = [];
      const router = express.Router().post('/orders', (_req, res) => {
        lists.push(res.backgroundTasks);
        res.backgroundTasks.add(() => ran.push('from the router'));
        res.status(201).json({});
      });
      const subApp = express().post('/orders', (_req, res) => {
        lists.push(res.backgroundTasks);
        res.backgroundTasks.add(() => ran.push('from the sub-app'));
        res.status(201).json({});
      });
      const app = installed(tasks)
        .use((_req, res, next) => {
          lists.push(res.backgroundTasks);
          res.backgroundTasks.add(() => ran.push('from the app'));
          next();
        })
        .use('/router', router)
        .use('/sub', subApp);
      const other = express().get('/', (_req, res) => {
        lists.push(res.backgroundTasks);
        res.json({});
      });
      await request(app).post('/router/orders').expect(201);
      await tasks.settled();
      await request(app).post('/sub/orders').expect(201);
      await request(other).get('/').expect(200);
      await tasks.settled();
      expect(ran).toEqual([
        'from the app',
        'from the router',
        'from the app',
        'from the sub-app',
      ]);
      expect(lists).toHaveLength(5);
      expect(lists[0]).toBe(lists[1]); // one request, one list
      expect(lists[2]).toBe(lists[3]);
      expect(lists[0]).not.toBe(lists[2]);
      expect(lists[4]).toBeUndefined();
    });
  });

  describe('order and arguments', () => {
    it('runs sync and async tasks one at a time, in the order added, with their arguments', async () => {
      const hold = latch();
      const { app, tasks, log } = setup((_req, res) => {
        const { add } = res.backgroundTasks;
        add(async (name: string) => {
          log.push(`start ${name}`);
          await hold.opened;
          log.push(`end ${name}`);
        }, 'first');
        add(
          (name: string, n: number) => log.push(`sync ${name} ${n}`),
          'second',
          2,
        );
        add(async (name: string) => log.push(`async ${name}`), 'third');
        res.json({});
      });
      await request(app).post('/run');
      await vi.waitUntil(() => log.includes('start first'));
      expect(log).not.toContain('sync second 2'); // the second waits for the first
      hold.open();
      await tasks.settled();
      expect(log.slice(log.indexOf('start first'))).toEqual([
        'start first',
        'end first',
        'sync second 2',
        'async third',
      ]);
    });

    it('type-checks the arguments against the task function', () => {
      // `npm run typecheck` fails if any of these lines stops being a type error.
      const check = (add: Express.Response['backgroundTasks']['add']) => {
        // @ts-expect-error a string where a number belongs
        add((n: number) => n, 'one');
        // @ts-expect-error a missing argument
        add((a: string, b: string) => a + b, 'only one');
        // @ts-expect-error an extra argument
        add(() => undefined, 'extra');
        add((a: string, b: number) => a.repeat(b), 'ok', 2);
      };
      expect(check).toBeTypeOf('function');
    });

    it('passes an abortable task its arguments, then an AbortSignal it can honour', async () => {
      const seen: string[] = [];
      const { app, tasks } = setup((_req, res) => {
        res.backgroundTasks.addAbortable(
          (word: string, signal: AbortSignal) =>
            seen.push(
              `${word} ${signal instanceof AbortSignal} ${signal.aborted}`,
            ),
          'in time:',
        );
        res.json({});
      });
      await request(app).post('/run');
      await tasks.settled();
      expect(seen).toEqual(['in time: true false']);
    });

    it('type-checks abortable tasks: the signal is the last parameter, and the caller does not pass it', () => {
      // `npm run typecheck` fails if any of these lines stops being a type error.
      type Tasks = Express.Response['backgroundTasks'];
      const check = ({ addAbortable }: Tasks) => {
        // @ts-expect-error the task takes no signal: use add()
        addAbortable((to: string) => to, 'alice@example.com');
        // @ts-expect-error its last parameter is not a signal
        addAbortable((to: string, tries: number) => to.repeat(tries), 'a');
        // @ts-expect-error a number where a string belongs
        addAbortable((to: string, signal: AbortSignal) => signal, 42);
        // @ts-expect-error the signal is the mechanism's to pass
        addAbortable((signal: AbortSignal) => signal, AbortSignal.abort());
        addAbortable((to: string, signal: AbortSignal) => [to, signal], 'a');
      };
      expect(check).toBeTypeOf('function');
    });
  });

  describe('failures', () => {
    it('logs a throwing or rejecting task with its context and still runs the tasks after it', async () => {
      const unhandled = vi.fn();
      process.on('unhandledRejection', unhandled);
      const { app, tasks, log, errors } = setup((_req, res) => {
        res.backgroundTasks.add(function throwsSync() {
          throw new Error('sync boom');
        });
        res.backgroundTasks.add(async function rejectsAsync() {
          throw new Error('async boom');
        });
        res.backgroundTasks.add(function afterFailures() {
          log.push('still ran');
        });
        res.status(201).json({});
      });
      await request(app).post('/run?x=1').expect(201);
      await tasks.settled();
      process.off('unhandledRejection', unhandled);
      expect(log).toContain('still ran');
      expect(
        errors.map(({ type, task, method, url, error }) => ({
          type,
          task,
          method,
          url,
          message: (error as Error).message,
        })),
      ).toEqual([
        {
          type: 'error',
          task: 'throwsSync',
          method: 'POST',
          url: '/run?x=1',
          message: 'sync boom',
        },
        {
          type: 'error',
          task: 'rejectsAsync',
          method: 'POST',
          url: '/run?x=1',
          message: 'async boom',
        },
      ]);
      expect(unhandled).not.toHaveBeenCalled();
    });

    it('logs failures to console.error by default, naming method, path and task', async () => {
      const consoleError = vi
        .spyOn(console, 'error')
        .mockImplementation(() => {});
      const tasks = backgroundTasks();
      const app = installed(tasks);
      app.post('/orders', (_req, res) => {
        res.backgroundTasks.add(function sendEmail() {
          throw new Error('smtp down');
        });
        res.json({});
      });
      await request(app).post('/orders');
      await tasks.settled();
      expect(consoleError).toHaveBeenCalledTimes(1);
      expect(consoleError.mock.calls[0]![0]).toBe(
        'background task sendEmail failed after POST /orders:',
      );
      expect((consoleError.mock.calls[0]![1] as Error).message).toBe(
        'smtp down',
      );
    });

    it('reports start, end and error events in order to onEvent', async () => {
      const events: string[] = [];
      const { app, tasks } = setup(
        (_req, res) => {
          res.backgroundTasks.add(function ok() {});
          res.backgroundTasks.add(function bad() {
            throw new Error('x');
          });
          res.json({});
        },
        { onEvent: (e) => events.push(`${e.type} ${e.task}`) },
      );
      await request(app).post('/run');
      await tasks.settled();
      expect(events).toEqual(['start ok', 'end ok', 'start bad', 'error bad']);
    });

    it('survives an onEvent or logError hook that throws, and still runs every task', async () => {
      const unhandled = vi.fn();
      process.on('unhandledRejection', unhandled);
      const consoleError = vi
        .spyOn(console, 'error')
        .mockImplementation(() => {});
      const ran: string[] = [];
      const { app, tasks } = setup(
        (_req, res) => {
          res.backgroundTasks.add(function fails() {
            throw new Error('task failed');
          });
          res.backgroundTasks.add(() => ran.push('second'));
          res.json({});
        },
        {
          onEvent: (e) => {
            if (e.type === 'start') throw new Error('metrics down');
          },
          logError: () => {
            throw new Error('logger down');
          },
        },
      );
      await request(app).post('/run');
      await tasks.settled();
      process.off('unhandledRejection', unhandled);
      expect(ran).toEqual(['second']);
      expect(unhandled).not.toHaveBeenCalled();
      expect(
        consoleError.mock.calls.map(
          (c) => `${c[0]} ${(c[1] as Error).message}`,
        ),
      ).toEqual([
        'background tasks: the start hook threw for task fails: metrics down',
        'background tasks: the error hook threw for task fails: logger down',
        'background tasks: the start hook threw for task anonymous: metrics down',
      ]);
    });

    it('reports a task still running at its deadline as a TaskTimeoutError, aborts its signal, ignores how it ends later, and starts the next task', async () => {
      const unhandled = vi.fn();
      process.on('unhandledRejection', unhandled);
      const events: string[] = [];
      const { app, tasks, errors } = setup(
        (_req, res) => {
          const { add, addAbortable } = res.backgroundTasks;
          addAbortable(function honours(signal: AbortSignal) {
            return new Promise((_resolve, reject) =>
              signal.addEventListener('abort', () => {
                events.push(`signal aborted: ${signal.reason.name}`);
                reject(signal.reason); // after the deadline: not reported again
              }),
            );
          });
          add(function ignoresIt() {
            return new Promise(() => {}); // never settles
          });
          add(function next() {});
          res.json({});
        },
        {
          taskTimeoutMs: 20,
          onEvent: (e) => events.push(`${e.type} ${e.task}`),
        },
      );
      await request(app).post('/run?x=1');
      await tasks.settled();
      process.off('unhandledRejection', unhandled);
      expect(events).toEqual([
        'start honours',
        'signal aborted: TaskTimeoutError',
        'error honours',
        'start ignoresIt',
        'error ignoresIt',
        'start next',
        'end next',
      ]);
      expect(
        errors.map(({ task, url, error }) => [
          task,
          url,
          error instanceof TaskTimeoutError,
          (error as Error).message,
        ]),
      ).toEqual([
        ['honours', '/run?x=1', true, 'task honours still running after 20 ms'],
        [
          'ignoresIt',
          '/run?x=1',
          true,
          'task ignoresIt still running after 20 ms',
        ],
      ]);
      expect(unhandled).not.toHaveBeenCalled();
      expect(tasks.pending).toBe(0);
    });
  });

  describe('the status code', () => {
    it('discards the tasks of a request that ends in a server error', async () => {
      const ran = vi.fn();
      const { app, tasks } = setup((_req, res) => {
        res.backgroundTasks.add(ran);
        throw new Error('handler failed after adding a task');
      });
      vi.spyOn(console, 'error').mockImplementation(() => {}); // Express's default handler logs the 500
      await request(app).post('/run').expect(500);
      await tasks.settled();
      expect(ran).not.toHaveBeenCalled();
      expect(tasks.pending).toBe(0);
    });

    it('drops a task added after the response ended with a 5xx, like the rest of that request’s tasks', async () => {
      const ran: string[] = [];
      const { app, tasks } = setup(async (req, res) => {
        const { add } = res.backgroundTasks;
        if (req.query.before) add(() => ran.push('added before the 500'));
        res.status(500).json({});
        await once(res, 'close'); // after ours, if a task was added before
        add(() => ran.push('added after the 500'));
      });
      await request(app).post('/run?before=1').expect(500);
      await request(app).post('/run').expect(500); // nothing added before
      await vi.waitUntil(() => tasks.pending === 0);
      await new Promise((resolve) => setImmediate(resolve)); // a late run would start now
      expect(ran).toEqual([]);
    });

    it('decides by the status code: a thrown 4xx keeps its tasks, a 503 sent on purpose drops them', async () => {
      const ran: string[] = [];
      const { app, tasks } = setup((req, res) => {
        res.backgroundTasks.add(
          (status: string) => ran.push(status),
          String(req.query.status),
        );
        if (req.query.status === '404')
          throw Object.assign(new Error('no such order'), { status: 404 });
        res.status(503).json({});
      });
      await request(app).post('/run?status=404').expect(404);
      await request(app).post('/run?status=503').expect(503);
      await tasks.settled();
      expect(ran).toEqual(['404']);
    });
  });

  describe('client aborts', () => {
    it('on a client abort, runs the tasks once the handler has ended the response, including ones added after', async () => {
      const reached = latch();
      const respond = latch();
      const ran: string[] = [];
      const { app, tasks } = setup(async (_req, res) => {
        res.backgroundTasks.add(
          (when: string) => ran.push(when),
          'added before the abort',
        );
        reached.open();
        await respond.opened;
        res.backgroundTasks.add(
          (when: string) => ran.push(when),
          'added after the abort',
        );
        res.json({});
      });
      const server = await abortMidHandler(app, reached.opened);
      expect(ran).toEqual([]); // the client is gone, but the handler is not done
      respond.open();
      await vi.waitUntil(() => ran.length === 2);
      await tasks.settled();
      server.close();
      expect(ran).toEqual(['added before the abort', 'added after the abort']);
    });

    it('on a client abort, drops the tasks if the handler then fails with a 5xx', async () => {
      const reached = latch();
      const fail = latch();
      const ran = vi.fn();
      const { app, tasks } = setup(async (_req, res) => {
        res.backgroundTasks.add(ran);
        reached.open();
        await fail.opened;
        throw new Error('the order could not be saved');
      });
      const server = await abortMidHandler(app, reached.opened);
      fail.open();
      await vi.waitUntil(() => tasks.pending === 0);
      await tasks.settled();
      server.close();
      expect(ran).not.toHaveBeenCalled();
    });

    it('on a client abort, keeps each task in its request’s async context, even when a callback that lost it ends the response', async () => {
      const context = new AsyncLocalStorage<string>();
      const elsewhere = new AsyncResource('elsewhere'); // no request id here
      const reached = latch();
      const respond = latch();
      const seen: Array<string | undefined> = [];
      const tasks = backgroundTasks();
      const app = installed(tasks)
        .use((_req, _res, next) => context.run('request 1', next))
        .post('/run', async (_req, res) => {
          res.backgroundTasks.add(() => seen.push(context.getStore()));
          reached.open();
          await respond.opened;
          elsewhere.runInAsyncScope(() => res.json({}));
        });
      const server = await abortMidHandler(app, reached.opened);
      respond.open();
      await vi.waitUntil(() => seen.length === 1);
      await tasks.settled();
      server.close();
      expect(seen).toEqual(['request 1']);
    });
  });

  describe('async context', () => {
    it('runs each task in its request’s async context: a request id a middleware stores is readable inside that request’s tasks, whatever context ends the response', async () => {
      const context = new AsyncLocalStorage<string>();
      const elsewhere = new AsyncResource('elsewhere'); // no request id here
      const seen: string[] = [];
      const tasks = backgroundTasks();
      const app = installed(tasks).use((req, _res, next) =>
        context.run(String(req.query.id), next),
      );
      app.post('/run', async (req, res) => {
        const { add } = res.backgroundTasks;
        const record = (when: string) =>
          seen.push(`${req.query.id} ${when}: ${context.getStore()}`);
        add(record, 'added first');
        await new Promise((resolve) => setImmediate(resolve));
        add(record, 'added after an await');
        // A callback that lost the context (a pool, an old library) ends it.
        if (req.query.id === 'c') elsewhere.runInAsyncScope(() => res.json({}));
        else res.json({});
      });
      const ids = ['a', 'b', 'c', 'd'];
      await Promise.all(ids.map((id) => request(app).post(`/run?id=${id}`)));
      await tasks.settled();
      expect(seen.sort()).toEqual(
        ids.flatMap((id) => [
          `${id} added after an await: ${id}`,
          `${id} added first: ${id}`,
        ]),
      );
    });
  });

  describe('pending tasks', () => {
    it('settles at once when nothing is pending, and only after every request’s tasks otherwise', async () => {
      const holds = [latch(), latch()];
      const done: number[] = [];
      const { app, tasks } = setup((req, res) => {
        const i = Number(req.query.i);
        res.backgroundTasks.add(async () => {
          await holds[i]!.opened;
          done.push(i);
        });
        res.json({});
      });
      await tasks.settled(); // nothing scheduled yet
      await Promise.all([
        request(app).post('/run?i=0'),
        request(app).post('/run?i=1'),
      ]);
      let settled = false;
      const waiting = tasks.settled().then(() => (settled = true));
      holds[1]!.open();
      await vi.waitUntil(() => done.length === 1);
      expect(settled).toBe(false);
      holds[0]!.open();
      await waiting;
      expect(done).toEqual([1, 0]); // requests' lists are independent: the second did not wait for the first
    });

    it('refuses a task beyond maxPending with OverloadedError, which jsonErrors answers with 503 overloaded and Retry-After; accepted tasks still run', async () => {
      const hold = latch();
      const ran: number[] = [];
      const refused: unknown[] = [];
      const tasks = backgroundTasks({ maxPending: 2 });
      const app = installed(tasks);
      app.post('/run', (req, res) => {
        try {
          res.backgroundTasks.add(async (n: number) => {
            await hold.opened;
            ran.push(n);
          }, Number(req.query.n));
        } catch (error) {
          refused.push(error);
          throw error;
        }
        res.status(201).json({});
      });
      app.use(jsonErrors);
      await request(app).post('/run?n=1').expect(201);
      await request(app).post('/run?n=2').expect(201);
      const full = await request(app).post('/run?n=3');
      expect([full.status, full.headers['retry-after'], full.body]).toEqual([
        503,
        '1',
        { error: { code: 'overloaded', message: expect.any(String) } },
      ]);
      expect(refused).toEqual([expect.any(OverloadedError)]);
      expect(tasks.pending).toBe(2); // the refused task was never counted
      hold.open();
      await tasks.settled();
      await request(app).post('/run?n=4').expect(201); // room again
      await tasks.settled();
      expect(ran).toEqual([1, 2, 4]);
    });

    it('lists the unfinished tasks, oldest first, with their request, whether they are running, and their age', async () => {
      const hold = latch();
      const { app, tasks } = setup((_req, res) => {
        res.backgroundTasks.add(function first() {
          return hold.opened;
        });
        res.backgroundTasks.add(function second() {});
        res.json({});
      });
      expect(tasks.unfinished()).toEqual([]);
      await request(app).post('/run?n=1');
      await vi.waitUntil(() => tasks.unfinished()[0]?.running);
      const age = expect.any(Number);
      const request1 = { method: 'POST', url: '/run?n=1' };
      expect(tasks.unfinished()).toEqual<UnfinishedTask[]>([
        { task: 'first', ...request1, running: true, ms: age },
        { task: 'second', ...request1, running: false, ms: age },
      ]);
      hold.open();
      await tasks.settled();
      expect(tasks.unfinished()).toEqual([]);
    });
  });
});
