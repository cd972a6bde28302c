// The whole system, started in one place: the database, the queue, the email
// API stand-in, the API and its workers. npm start (src/main.ts), the tests
// (test/system.ts) and `npm run bench` (scripts/bench/job-queue.ts) all start
// it here, and stop it with stop().
import express, { type RequestHandler } from 'express';
import type { PgBoss } from 'pg-boss';
import { createApp } from './app.js';
import { migrate, startDatabase, type Database } from './db.js';
import { createEmailApi } from './email-api.js';
import type { PlacedOrder } from './orders.js';
import { createPool } from './pool.js';
import { startWorker, type ChildScript } from './processes.js';
import { startQueue } from './queue.js';
import type { quickRecovery } from './rules.js';
import { serve } from './serve.js';
import type { WorkerEvent } from './worker.js';

export interface SystemOptions {
  /** The database; by default PGlite, or the DATABASE_URL server. */
  database?: Database;
  /** pg-boss's settings beyond the queue's rules (src/rules.ts): the demo
   * and the tests pass `quickRecovery`, the bench nothing. */
  recovery?: Partial<typeof quickRecovery>;
  /** Worker processes to start with the system. */
  workers?: number;
  /** Mounted before the API's routes (the demo's timing log). */
  before?: RequestHandler[];
  /** Called once an order and its job are committed. */
  onPlaced?: (order: PlacedOrder) => void;
}

export type Worker = ChildScript<WorkerEvent>;

export async function startSystem(options: SystemOptions = {}) {
  const database = options.database ?? (await startDatabase());
  const pool = createPool(database.url, 1); // the API's own, for the orders
  await migrate(pool);
  const boss: PgBoss = await startQueue(database.url, options.recovery);
  const emailApi = createEmailApi();
  const emailServer = await serve(emailApi.app);
  const app = createApp({ pool, boss, onPlaced: options.onPlaced });
  const api = await serve(express().use(...(options.before ?? []), app));
  /** What a worker process (or the in-process app) needs to run. */
  const env = { DATABASE_URL: database.url, EMAIL_API_URL: emailServer.url };

  const workers: Worker[] = []; // every one ever started, in order
  const alive = new Set<Worker>();
  /** Starts a worker process; resolves once it is ready for jobs. */
  const addWorker = async (onEvent?: (event: WorkerEvent) => void) => {
    const worker = await startWorker(env, onEvent);
    workers.push(worker);
    alive.add(worker);
    void worker.exited.then(() => alive.delete(worker));
    return worker;
  };
  await Promise.all(
    Array.from({ length: options.workers ?? 0 }, () => addWorker()),
  );

  return {
    database,
    pool,
    boss,
    emailApi,
    /** The API's Express app, and where it is served. */
    app,
    apiUrl: api.url,
    env,
    addWorker,
    workers: workers as readonly Worker[],
    /** Stops the workers (SIGTERM), then everything else. */
    async stop() {
      await Promise.all([...alive].map((worker) => worker.kill('SIGTERM')));
      await boss.stop({ graceful: false });
      await pool.end();
      await Promise.all([api.close(), emailServer.close()]);
      await database.stop();
    },
  };
}
