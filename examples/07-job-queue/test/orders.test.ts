// The API side: what POST /orders writes, in one transaction. What bad input
// and a failing database do not write: test/error-contract.test.ts. No worker
// runs here, so jobs stay in the queue.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { insertOrder, placeOrder } from '../src/orders.js';
import { CONFIRMATIONS } from '../src/queue.js';
import {
  columns,
  errors,
  int16,
  message,
  rawClient,
  text,
} from './raw-client.js';
import { serverUrl, useSystem } from './system.js';

const system = useSystem({ workers: 0 });

const orderRows = async (id: string) =>
  (await system.db.query('SELECT id, email FROM orders WHERE id = $1', [id]))
    .rows;
const jobs = (orderId: string) =>
  system.boss.findJobs(CONFIRMATIONS, { data: { orderId } });

describe('POST /orders', () => {
  it('answers 201 once the order and its confirmation job are both saved', async () => {
    const res = await request(system.app)
      .post('/orders')
      .send({ email: 'alice@example.com', role: 'admin' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['order_id']);
    const orderId: string = res.body.order_id;
    expect(await orderRows(orderId)).toEqual([
      { id: orderId, email: 'alice@example.com' },
    ]);
    const [job, ...more] = await jobs(orderId);
    expect(more).toEqual([]);
    expect(job).toMatchObject({
      state: 'created', // no worker runs in this file
      retryLimit: 3,
    });
    // The order id and the email, and nothing else from the body.
    expect(job!.data).toEqual({ orderId, email: 'alice@example.com' });
  });
});

describe('placing an order', () => {
  it('leaves neither the order nor its job when the transaction rolls back after the enqueue', async () => {
    let orderId = '';
    const failure = new Error('payment declined');
    await expect(
      system.transaction(async (tx) => {
        ({ orderId } = await placeOrder(tx, system.boss, 'bob@example.com'));
        // Both exist inside the transaction...
        const inTx = { executeSql: tx.query.bind(tx) };
        expect((await tx.query('SELECT id FROM orders')).rows).toContainEqual({
          id: orderId,
        });
        expect(
          await system.boss.findJobs(CONFIRMATIONS, {
            data: { orderId },
            db: inTx,
          }),
        ).toHaveLength(1);
        throw failure; // ...then something fails before COMMIT.
      }),
    ).rejects.toBe(failure);
    expect(await orderRows(orderId)).toEqual([]);
    expect(await jobs(orderId)).toEqual([]);
  });

  // The same order without `db`: pg-boss takes a connection of its own,
  // outside the order's transaction.
  it('without db, writes the job outside the transaction: the job outlives the rollback, and on PGlite it waits until the transaction ends', async () => {
    const email = 'carol@example.com';
    const failure = new Error('payment declined');
    let orderId = '';
    let sent: Promise<string | null> | undefined;
    let settled = false;
    await expect(
      system.transaction(async (tx) => {
        orderId = await insertOrder(tx, email);
        sent = system.boss.send(CONFIRMATIONS, { orderId, email }); // no db
        sent.then(
          () => (settled = true),
          () => (settled = true),
        );
        if (serverUrl) {
          // PostgreSQL: pg-boss's connection commits the job at once, while
          // the order's transaction is still open.
          const jobId = await sent;
          expect(await jobs(orderId)).toMatchObject([{ id: jobId }]);
        } else {
          // PGlite: one session, and this transaction holds it. However
          // many queries the transaction runs, pg-boss's waits.
          for (let query = 0; query < 10; query++) await tx.query('SELECT 1');
          expect(settled).toBe(false);
        }
        throw failure; // ...then something fails before COMMIT.
      }),
    ).rejects.toBe(failure);
    const jobId = await sent!; // on PGlite, its turn came after the ROLLBACK
    try {
      expect(await orderRows(orderId)).toEqual([]);
      expect(await jobs(orderId)).toMatchObject([
        { id: jobId, data: { orderId, email } },
      ]);
    } finally {
      await system.boss.deleteJob(CONFIRMATIONS, jobId!);
    }
  });
});

/** Two clients on the server at `url`, 30 rounds: a raw client sends a
 * query's Parse, then, in a second write, its Bind, Describe, Execute and
 * Sync, and the other client sends its query between the two writes (a
 * query with a parameter, then one without, in turn). `between` is what
 * the raw client waits for before its second write. What each client got
 * back, round by round: the column name of its result, or the error. */
async function interleave(
  url: string,
  between: (otherQuery: Promise<unknown>) => Promise<unknown>,
) {
  const raw = await rawClient(url);
  const other = new pg.Client(url);
  await other.connect();
  const seen = { raw: [] as string[], other: [] as string[] };
  for (let round = 0; round < 30; round++) {
    raw.socket.write(
      message(
        'P',
        Buffer.concat([text(''), text('SELECT 1 AS mine'), int16(0)]),
      ),
    );
    // With a parameter, pg sends Parse/Bind/Describe/Execute/Sync; without,
    // one simple Query message.
    const otherQuery =
      round % 2
        ? other.query('SELECT 2 AS theirs')
        : other.query('SELECT $1::int AS theirs', [round]);
    await between(otherQuery);
    raw.socket.write(
      Buffer.concat([
        message(
          'B',
          Buffer.concat([text(''), text(''), int16(0), int16(0), int16(0)]),
        ),
        message('D', Buffer.concat([Buffer.from('P'), text('')])),
        message('E', Buffer.concat([text(''), Buffer.alloc(4)])),
        message('S', Buffer.alloc(0)),
      ]),
    );
    const reply = await raw.reply();
    seen.raw.push(...columns(reply), ...errors(reply));
    seen.other.push(
      await otherQuery.then(
        (result) => result.fields.map((f) => f.name).join(),
        (error: Error) => error.message,
      ),
    );
  }
  raw.socket.destroy();
  await other.end();
  return seen;
}

// src/pglite-server.ts: clients share PGlite's one session, each query
// whole. The server under test is PGlite's, so a run on PostgreSQL skips it.
describe.skipIf(serverUrl)('the PGlite server', { timeout: 30_000 }, () => {
  it('keeps each client’s query whole when another client’s query arrives in the middle of it', async () => {
    // The other query is on its way when the raw client writes the rest:
    // this server holds it until the raw client's Sync, so it cannot wait
    // for the other query's result.
    const sent = () => new Promise((resolve) => setImmediate(resolve));
    expect(await interleave(system.env.DATABASE_URL, sent)).toEqual({
      raw: Array(30).fill('mine'),
      other: Array(30).fill('theirs'),
    });
  });
});

// The same rounds against the package's own server, which src/pglite-server.ts
// replaces. It runs the messages of the two clients in turn, so the other
// client's query replaces the raw client's unnamed statement (a Parse) or
// drops it (a simple Query) before the raw client's Bind. This test is the
// workaround's deletion condition: once it fails, pglite#1046 is fixed,
// and src/pglite-server.ts can go (src/db.ts serving PGLiteSocketServer).
// A fix that keeps a client's turn until its Sync, as src/pglite-server.ts
// does, holds the other query until the raw client's Sync, which this test
// writes only after that query's result: the test then fails on its
// timeout.
describe.skipIf(serverUrl)(
  'PGLiteSocketServer of @electric-sql/pglite-socket (pglite#1046)',
  { timeout: 60_000 },
  () => {
    it('still runs another client’s query in the middle of a query, so src/pglite-server.ts stays until this fails', async () => {
      const db = await PGlite.create();
      const server = new PGLiteSocketServer({ db, port: 0, maxConnections: 2 });
      await server.start();
      try {
        const url = `postgres://postgres@${server.getServerConn()}/postgres`;
        // The raw client writes the rest once the other query has its
        // result: this server ran that whole query after the raw client's
        // Parse. (Waiting only for the other query to be sent, as above,
        // gave the same errors in most rounds, not all: it depends on which
        // bytes the server reads first.)
        const answered = (otherQuery: Promise<unknown>) => otherQuery;
        expect(await interleave(url, answered)).toEqual({
          raw: Array.from({ length: 30 }, (_, round) =>
            round % 2
              ? 'unnamed prepared statement does not exist'
              : 'bind message supplies 0 parameters, but prepared statement "" requires 1',
          ),
          other: Array(30).fill('theirs'), // the other client's query runs
        });
      } finally {
        await server.stop();
        await db.close();
      }
    });
  },
);
