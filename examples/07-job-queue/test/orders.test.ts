// The API side: what POST /orders writes, in one transaction. What bad input
// and a failing database do not write: test/error-contract.test.ts. No worker
// runs here, so jobs stay in the queue.
import pg from 'pg';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { placeOrder } from '../src/orders.js';
import { CONFIRMATIONS } from '../src/queue.js';
import { columns, int16, message, rawClient, text } from './raw-client.js';
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
});

// src/pglite-server.ts: clients share PGlite's one session, each query
// whole. A raw client splits each of its queries in two writes, and another
// client's query arrives between them. The server under test is PGlite's,
// so a run on PostgreSQL skips it.
describe.skipIf(serverUrl)('the PGlite server', { timeout: 30_000 }, () => {
  it('keeps each client’s query whole when another client’s query arrives in the middle of it', async () => {
    const url = system.env.DATABASE_URL;
    const raw = await rawClient(url);
    const other = new pg.Client(url);
    await other.connect();
    const seen = { raw: [] as string[], other: [] as string[] };
    for (let round = 0; round < 30; round++) {
      // The raw client's query: Parse first, the rest in a second write.
      raw.socket.write(
        message(
          'P',
          Buffer.concat([text(''), text('SELECT 1 AS mine'), int16(0)]),
        ),
      );
      const otherQuery = other.query('SELECT $1::int AS theirs', [round]);
      await new Promise((resolve) => setImmediate(resolve));
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
      seen.raw.push(...columns(await raw.reply()));
      seen.other.push(...(await otherQuery).fields.map((f) => f.name));
    }
    expect(seen.raw).toEqual(Array(30).fill('mine'));
    expect(seen.other).toEqual(Array(30).fill('theirs'));
    raw.socket.destroy();
    await other.end();
  });
});
