import express from 'express';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import {
  emailAddress,
  jsonBody,
  jsonErrors,
  methodNotAllowed,
  notFound,
  parseBody,
} from './lib/json-api.js';
import { placeOrder, type PlacedOrder, type Transaction } from './orders.js';

export const OrderBody = z.object({ email: emailAddress });

export interface AppDependencies {
  /** Runs the order's transaction, on a pg pool or on PGlite. */
  transaction: Transaction;
  boss: PgBoss;
  /** Called once an order and its job are committed (the demo logs it). */
  onPlaced?: (order: PlacedOrder) => void;
}

// #region handler
export function createApp({ transaction, boss, onPlaced }: AppDependencies) {
  const app = express().disable('x-powered-by');

  app
    .route('/orders')
    .post(jsonBody, async (req, res) => {
      // Bad input ends here (400, 413, 415 or 422): nothing is written.
      const { email } = parseBody(OrderBody, req.body);
      const order = await transaction((tx) => placeOrder(tx, boss, email));
      onPlaced?.(order);
      // The job is stored; a worker process will send the email.
      res.status(201).json({ order_id: order.orderId });
    })
    .all(methodNotAllowed); // another method: 405

  // Another path: 404. Every error as JSON; a database failure is a 500.
  app.use(notFound, jsonErrors);
  return app;
}
// #endregion handler
