import express from 'express';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { jsonBody, jsonErrors, parseBody } from './lib/json-api.js';
import { inTransaction, placeOrder, type PlacedOrder } from './orders.js';

export const OrderBody = z.object({ email: z.email() });

export interface AppDependencies {
  pool: pg.Pool;
  boss: PgBoss;
  /** Called once an order and its job are committed (the demo logs it). */
  onPlaced?: (order: PlacedOrder) => void;
}

// #region handler
export function createApp({ pool, boss, onPlaced }: AppDependencies) {
  const app = express();

  app.post('/orders', ...jsonBody(), async (req, res) => {
    // Bad input ends here (415, 400, 413 or 422): nothing is written.
    const { email } = parseBody(OrderBody, req.body);
    const order = await inTransaction(pool, (tx) =>
      placeOrder(tx, boss, email),
    );
    onPlaced?.(order);
    // The job is stored; a worker process will send the email.
    res.status(201).json({ order_id: order.orderId });
  });

  app.use(jsonErrors);
  return app;
}
// #endregion handler
