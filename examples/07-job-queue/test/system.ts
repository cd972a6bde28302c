// What each test file starts once: the system of src/system.ts (a database,
// the queue, the API, the email API stand-in and worker processes). The database is PGlite, or, on a
// PostgreSQL server, a new database there, dropped at the end. The server is
// the one the repository root's test:all and test:examples start for their
// second run of these tests (it provides DATABASE_URL to them), or the one
// DATABASE_URL names.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { Database } from '../src/db.js';
import type { EmailApiHooks } from '../src/email-api.js';
import { latch } from '../src/lib/latch.js';
import { quickRecovery } from '../src/queue.js';
import { startSystem } from '../src/system.js';

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

/** The system (src/system.ts) with what the tests read of it. */
async function startTestSystem(workers: number) {
  const system = await startSystem({
    workers,
    database: serverUrl ? await freshDatabase(serverUrl) : undefined,
    recovery: quickRecovery,
  });
  const { emailApi } = system;
  // Tests run side by side, each with its own recipient: hooks by address.
  const hooksFor = new Map<string, EmailApiHooks>();
  emailApi.hooks.beforeSend = (email) =>
    hooksFor.get(email.to)?.beforeSend?.(email);
  emailApi.hooks.afterSend = (email) =>
    hooksFor.get(email.to)?.afterSend?.(email);
  const key = (orderId: string) => `order-confirmation/${orderId}`;
  return {
    ...system,
    /** Ends every connection to the database and refuses new ones, until
     * the function it resolves to is called. */
    interrupt: () => system.interrupt!(),
    key,
    /** Hooks for the email API's requests to `to`. */
    onEmail: (to: string, hooks: EmailApiHooks) => hooksFor.set(to, hooks),
    /** Places an order through the API; its id. */
    async order(email: string): Promise<string> {
      const res = await request(system.app).post('/orders').send({ email });
      expect(res.status).toBe(201);
      return res.body.order_id;
    },
    /** What the email API received and sent for one order. */
    emails: (orderId: string) => ({
      received: emailApi.received.filter((e) => e.key === key(orderId)),
      sent: emailApi.sent.get(key(orderId)),
    }),
    /** The worker that reported starting attempt `attempt` of a job. */
    workerOf: (jobId: string, attempt: number) =>
      system.workers.find((w) =>
        w.messages.some(
          (e) =>
            e.type === 'start' && e.jobId === jobId && e.attempt === attempt,
        ),
      ),
    /** What the workers reported about a job, as "type attempt", attempt
     * by attempt. */
    reports: (jobId: string) =>
      system.workers
        .flatMap((w) => w.messages)
        .flatMap((e) => ('jobId' in e && e.jobId === jobId ? [e] : []))
        .sort(
          (a, b) =>
            a.attempt - b.attempt ||
            +(a.type !== 'start') - +(b.type !== 'start'),
        )
        .map((e) => `${e.type} ${e.attempt}`),
  };
}

/** Starts the system once for the test file, with `workers` worker
 * processes. */
export function useSystem(options: { workers: number }) {
  const it = {} as Awaited<ReturnType<typeof startTestSystem>>;
  beforeAll(async () => {
    Object.assign(it, await startTestSystem(options.workers));
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
