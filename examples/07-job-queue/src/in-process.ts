// For comparison only: the same POST /orders with in-process background
// tasks (lib/background-tasks.ts, pages 1-6) instead of the queue. The task
// lives in this process's memory. The tests SIGKILL this process the way
// they kill the worker, and compare.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { OrderBody } from './app.js';
import { backgroundTasks } from './lib/background-tasks.js';
import {
  jsonBody,
  jsonErrors,
  methodNotAllowed,
  notFound,
  parseBody,
} from './lib/json-api.js';
import { sendConfirmation } from './notify.js';
import { insertOrder } from './orders.js';
import { createPool } from './pool.js';

const { DATABASE_URL, EMAIL_API_URL } = process.env;
if (!DATABASE_URL || !EMAIL_API_URL)
  throw new Error('set DATABASE_URL and EMAIL_API_URL');

const pool = createPool(DATABASE_URL, 2);
const tasks = backgroundTasks();
const app = express().disable('x-powered-by');
tasks.install(app);

// #region in-process
app
  .route('/orders')
  .post(jsonBody, async (req, res) => {
    const { email } = parseBody(OrderBody, req.body);
    const orderId = await insertOrder(pool, email);
    // Only this process knows about the email to send.
    res.backgroundTasks.add(sendConfirmation, EMAIL_API_URL, {
      orderId,
      email,
    });
    res.status(201).json({ order_id: orderId });
  })
  .all(methodNotAllowed);
// #endregion in-process
app.use(notFound, jsonErrors);

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'listening', port });
});
