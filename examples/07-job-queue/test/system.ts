// What each test file starts once: a database, the queue, the API app, the
// email API stand-in and a worker process. The database is PGlite, or, when
// DATABASE_URL names a PostgreSQL server (npm test at the repository root
// starts one), a new database on that server, dropped at the end.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createApp } from '../src/app.js';
import { migrate, startPGlite, type Database } from '../src/db.js';
import { createEmailApi, type Email } from '../src/email-api.js';
import { gate } from '../src/lib/gate.js';
import { startWorker, type ChildScript } from '../src/processes.js';
import { quickRecovery, startQueue } from '../src/queue.js';
import { serve } from '../src/serve.js';
import type { WorkerEvent } from '../src/worker.js';

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
  };
}

async function startSystem() {
  const serverUrl = process.env.DATABASE_URL;
  const database = serverUrl
    ? await freshDatabase(serverUrl)
    : await startPGlite();
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  await migrate(pool);
  const boss = await startQueue(database.url, quickRecovery);
  const emailApi = createEmailApi();
  const emailServer = await serve(emailApi.app);
  const app = createApp({ pool, boss });
  const key = (orderId: string) => `order-confirmation/${orderId}`;
  return {
    app,
    pool,
    boss,
    emailApi,
    /** What a worker or the in-process app needs to run. */
    env: { DATABASE_URL: database.url, EMAIL_API_URL: emailServer.url },
    key,
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
    async stop() {
      await boss.stop({ graceful: false });
      await pool.end();
      await emailServer.close();
      await database.stop();
    },
  };
}

/** Starts the system once for the test file, with a worker process if
 * asked; the email API's hooks are cleared after each test. */
export function useSystem(options: { worker: boolean }) {
  const it = {} as Awaited<ReturnType<typeof startSystem>> & {
    worker: ChildScript<WorkerEvent>;
  };
  beforeAll(async () => {
    Object.assign(it, await startSystem());
    if (options.worker) it.worker = await startWorker(it.env);
  }, 60_000);
  afterAll(async () => {
    await it.worker?.kill('SIGTERM');
    await it.stop?.();
  });
  afterEach(() => {
    if (!it.emailApi) return;
    it.emailApi.hooks.beforeSend = undefined;
    it.emailApi.hooks.afterSend = undefined;
  });
  return it;
}

/** What `worker` reported about one job, as "type attempt". */
export const reports = (worker: ChildScript<WorkerEvent>, jobId: string) =>
  worker.messages.flatMap((e) =>
    'jobId' in e && e.jobId === jobId ? [`${e.type} ${e.attempt}`] : [],
  );

/** An email API hook that holds the first request for `to` and never
 * answers it; `reached` opens when that request arrives. */
export function holdFirst(to: string) {
  const reached = gate();
  let held = false;
  const hook = (email: Email) => {
    if (email.to !== to || held) return;
    held = true;
    reached.open();
    return new Promise<void>(() => {}); // the client dies waiting
  };
  return { reached, hook };
}
