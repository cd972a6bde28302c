// What each test file starts once: a database, the queue, the API app, the
// email API stand-in and worker processes. The database is PGlite, or, on a
// PostgreSQL server, a new database there, dropped at the end. The server is
// the one npm test at the repository root starts for its second run of these
// tests (it provides DATABASE_URL to them), or the one DATABASE_URL names.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { createApp } from '../src/app.js';
import { migrate, startPGlite, type Database } from '../src/db.js';
import { createEmailApi, type EmailApiHooks } from '../src/email-api.js';
import { latch } from '../src/lib/latch.js';
import { startWorker, type ChildScript } from '../src/processes.js';
import { quickRecovery, startQueue } from '../src/queue.js';
import { createPool } from '../src/pool.js';
import { serve } from '../src/serve.js';
import type { WorkerEvent } from '../src/worker.js';

/** The PostgreSQL server to test on, if any; else PGlite. */
export const serverUrl = inject('DATABASE_URL') ?? process.env.DATABASE_URL;

declare module 'vitest' {
  export interface ProvidedContext {
    DATABASE_URL?: string;
  }
}

/** A database of its own on the DATABASE_URL server, dropped by stop(). */
async function freshDatabase(serverUrl: string): Promise<Database> {
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    stop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`),
    // The database is gone: no new connection, and every client backend
    // on it terminated. Then back.
    async interrupt() {
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = '${name}' AND backend_type = 'client backend'`);
      return () => admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    },
  };
}

async function startSystem() {
  const database = serverUrl
    ? await freshDatabase(serverUrl)
    : await startPGlite();
  const pool = createPool(database.url, 1);
  await migrate(pool);
  const boss = await startQueue(database.url, quickRecovery);
  const emailApi = createEmailApi();
  // Tests run side by side, each with its own recipient: hooks by address.
  const hooksFor = new Map<string, EmailApiHooks>();
  emailApi.hooks.beforeSend = (email) =>
    hooksFor.get(email.to)?.beforeSend?.(email);
  emailApi.hooks.afterSend = (email) =>
    hooksFor.get(email.to)?.afterSend?.(email);
  const emailServer = await serve(emailApi.app);
  const app = createApp({ pool, boss });
  const env = { DATABASE_URL: database.url, EMAIL_API_URL: emailServer.url };
  const key = (orderId: string) => `order-confirmation/${orderId}`;
  const workers: ChildScript<WorkerEvent>[] = []; // every one ever started
  const alive = new Set<ChildScript<WorkerEvent>>();
  const addWorker = async () => {
    const worker = await startWorker(env);
    workers.push(worker);
    alive.add(worker);
    void worker.exited.then(() => alive.delete(worker));
    return worker;
  };
  return {
    app,
    pool,
    boss,
    emailApi,
    /** What a worker or the in-process app needs to run. */
    env,
    /** Ends every connection to the database and refuses new ones, until
     * the function it resolves to is called. */
    interrupt: () => database.interrupt!(),
    key,
    /** Hooks for the email API's requests to `to`. */
    onEmail: (to: string, hooks: EmailApiHooks) => hooksFor.set(to, hooks),
    /** Places an order through the API; its id. */
    async order(email: string): Promise<string> {
      const res = await request(app).post('/orders').send({ email });
      expect(res.status).toBe(201);
      return res.body.order_id;
    },
    /** What the email API received and sent for one order. */
    emails: (orderId: string) => ({
      received: emailApi.received.filter((e) => e.key === key(orderId)),
      sent: emailApi.sent.get(key(orderId)),
    }),
    addWorker,
    /** Every worker process started, in order. */
    workers: workers as readonly ChildScript<WorkerEvent>[],
    /** The worker that reported starting attempt `attempt` of a job. */
    workerOf: (jobId: string, attempt: number) =>
      workers.find((w) =>
        w.messages.some(
          (e) =>
            e.type === 'start' && e.jobId === jobId && e.attempt === attempt,
        ),
      ),
    /** What the workers reported about a job, as "type attempt", attempt
     * by attempt. */
    reports: (jobId: string) =>
      workers
        .flatMap((w) => w.messages)
        .flatMap((e) => ('jobId' in e && e.jobId === jobId ? [e] : []))
        .sort(
          (a, b) =>
            a.attempt - b.attempt ||
            +(a.type !== 'start') - +(b.type !== 'start'),
        )
        .map((e) => `${e.type} ${e.attempt}`),
    async stop() {
      await Promise.all([...alive].map((worker) => worker.kill('SIGTERM')));
      await boss.stop({ graceful: false });
      await pool.end();
      await emailServer.close();
      await database.stop();
    },
  };
}

/** Starts the system once for the test file, with `workers` worker
 * processes. */
export function useSystem(options: { workers: number }) {
  const it = {} as Awaited<ReturnType<typeof startSystem>>;
  beforeAll(async () => {
    Object.assign(it, await startSystem());
    await Promise.all(
      Array.from({ length: options.workers }, () => it.addWorker()),
    );
  }, 60_000);
  afterAll(() => it.stop?.());
  return it;
}

/** Email API hooks that hold the first request (before or after sending)
 * and never answer it; `reached` opens when that request arrives. */
export function holdFirst(when: 'beforeSend' | 'afterSend') {
  const reached = latch();
  let held = false;
  const hold = () => {
    if (held) return;
    held = true;
    reached.open();
    return new Promise<void>(() => {}); // the client dies waiting
  };
  return { reached, hooks: { [when]: hold } };
}
