// Placing an order: the order row and its confirmation job are written in
// one transaction, so either both exist or neither does.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { CONFIRMATIONS, type ConfirmationJob } from './queue.js';

/** What runs one SQL statement: a pg pool or client, PGlite, or a
 * transaction of either. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>; // rows as pg types them
}

/** Runs `work` in a transaction: COMMIT if it resolves, ROLLBACK if not.
 * `inTransaction` below on a pg pool; PGlite's own `transaction()`. */
export type Transaction = <T>(
  work: (tx: Queryable) => Promise<T>,
) => Promise<T>;

export interface PlacedOrder {
  orderId: string;
  jobId: string;
}

/** Saves an order with `db` (a pool, or a transaction). */
export async function insertOrder(db: Queryable, email: string) {
  const orderId = randomUUID();
  await db.query('INSERT INTO orders (id, email) VALUES ($1, $2)', [
    orderId,
    email,
  ]);
  return orderId;
}

// #region place-order
export async function placeOrder(
  tx: Queryable,
  boss: PgBoss,
  email: string,
): Promise<PlacedOrder> {
  const orderId = await insertOrder(tx, email);
  const job: ConfirmationJob = { orderId, email };
  // `db` makes pg-boss write the job through the transaction, so the job
  // commits or rolls back with the order.
  const jobId = await boss.send(CONFIRMATIONS, job, {
    db: { executeSql: (text, values) => tx.query(text, values) },
  });
  if (!jobId) throw new Error('pg-boss did not create the job');
  return { orderId, jobId };
}
// #endregion place-order

// #region transaction
/** Runs `work` in a transaction: COMMIT if it resolves, ROLLBACK if not. */
async function inTransaction<T>(
  pool: pg.Pool,
  work: (tx: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const tx = await pool.connect();
  let broken = false; // `tx` failed: the pool must not reuse it
  // The pool takes its own 'error' listener off a client it hands out: a
  // connection that drops mid-transaction would emit 'error' with nobody
  // listening, and end the process. The query rejects with it anyway.
  const dropped = () => (broken = true);
  tx.on('error', dropped);
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    tx.off('error', dropped);
    tx.release(broken);
  }
}
// #endregion transaction

/** `inTransaction` on `pool`, as the app takes it. */
export const poolTransaction =
  (pool: pg.Pool): Transaction =>
  (work) =>
    inTransaction(pool, work);
