// The whole system, started in one place: the database, the queue, the email
// API stand-in, the API and its workers. npm start (src/main.ts), the tests
// (test/system.ts) and `npm run bench` (scripts/bench/job-queue.ts) all start
// it here, and stop it with stop().
//
// Two layouts. By default, as in production: the database is a server
// (PGlite served on 127.0.0.1, or DATABASE_URL) and each worker is a process
// of its own. `oneProcess`, for a runtime that cannot run a worker process
// (src/lib/demo/runtime.ts checks): PGlite in this process, pg-boss on it
// through its own adapter (fromPglite), and the worker's loop in this
// process too.
import { PGlite } from '@electric-sql/pglite';
import express, { type RequestHandler } from 'express';
import type { PgBoss } from 'pg-boss';
import { createApp } from './app.js';
import { migrate, startDatabase, type Database } from './db.js';
import { createEmailApi } from './email-api.js';
import {
  poolTransaction,
  type PlacedOrder,
  type Queryable,
  type Transaction,
} from './orders.js';
import { createPool } from './pool.js';
import { startWorker, type ChildScript } from './processes.js';
import { startQueue } from './queue.js';
import type { quickRecovery } from './rules.js';
import { listenOnLoopback } from './loopback.js';
import { work, type WorkerEvent } from './work.js';

export interface SystemOptions {
  /** The API and the worker in this process, on PGlite in this process. */
  oneProcess?: boolean;
  /** The database server; by default PGlite served on 127.0.0.1, or the
   * DATABASE_URL server. */
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

/** The database and the queue, in one of the two layouts. */
async function startStorage(options: SystemOptions) {
  if (options.oneProcess) {
    const pglite = await PGlite.create();
    await migrate(pglite);
    return {
      url: undefined,
      db: pglite as Queryable,
      transaction: ((work) => pglite.transaction(work)) as Transaction,
      boss: await startQueue(pglite, options.recovery),
      close: () => pglite.close(),
    };
  }
  const database = options.database ?? (await startDatabase());
  const pool = createPool(database.url, 1); // the API's own, for the orders
  await migrate(pool);
  return {
    url: database.url,
    db: pool as Queryable,
    transaction: poolTransaction(pool),
    boss: await startQueue(database.url, options.recovery),
    interrupt: database.interrupt,
    close: async () => {
      await pool.end();
      await database.stop();
    },
  };
}

export async function startSystem(options: SystemOptions = {}) {
  const storage = await startStorage(options);
  const boss: PgBoss = storage.boss;
  const emailApi = createEmailApi();
  const emailServer = await listenOnLoopback(emailApi.app);
  const { transaction } = storage;
  const app = createApp({ transaction, boss, onPlaced: options.onPlaced });
  const api = await listenOnLoopback(
    express().use(...(options.before ?? []), app),
  );

  const workers: Worker[] = []; // every process ever started, in order
  const alive = new Set<Worker>();
  /** Starts a worker process; resolves once it is ready for jobs. */
  const addWorker = async (onEvent?: (event: WorkerEvent) => void) => {
    if (!storage.url) throw new Error('one process: no worker processes');
    const env = { DATABASE_URL: storage.url, EMAIL_API_URL: emailServer.url };
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
    boss,
    emailApi,
    /** The API's Express app, and where it is served. */
    app,
    apiUrl: api.url,
    /** Reads and writes outside the API: a pool, or PGlite. */
    db: storage.db,
    transaction,
    /** What a worker process or the in-process app needs to run. */
    env: { DATABASE_URL: storage.url ?? '', EMAIL_API_URL: emailServer.url },
    /** For the tests: the database goes away until the function it
     * resolves to is called (src/db.ts). */
    interrupt: storage.interrupt,
    addWorker,
    workers: workers as readonly Worker[],
    /** Runs the worker's loop (src/work.ts) in this process. */
    workHere: (report: (event: WorkerEvent) => void) =>
      work(boss, emailServer.url, report),
    /** Stops the workers (SIGTERM), then everything else. */
    async stop() {
      await Promise.all([...alive].map((worker) => worker.kill('SIGTERM')));
      await boss.stop({ graceful: false });
      await Promise.all([api.close(), emailServer.close()]);
      await storage.close();
    },
  };
}
