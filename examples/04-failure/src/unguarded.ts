// The control: the same three tasks, started from a bare 'finish' listener instead of backgroundTasks().
// Nothing catches the failure, so it becomes an unhandled rejection and Node ends the process.
// `tsx src/unguarded.ts` exits with code 1 and never sends the notification.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { riskyAsyncTask, riskySyncTask, sendNotification } from './tasks.js';

const app = express();

// #region unguarded
app.post('/orders', (_req, res) => {
  const orderId = randomUUID();
  // Don't do this: the listener's promise rejects and nobody catches it.
  res.on('finish', async () => {
    riskySyncTask(orderId);
    await riskyAsyncTask(orderId);
    await sendNotification(`Order ${orderId} created`);
  });
  res.status(201).json({ order_id: orderId });
});
// #endregion unguarded

const server = app.listen(0);
await once(server, 'listening');
const res = await fetch(
  `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`,
  { method: 'POST' },
);
console.log(`client got ${res.status}`);
server.close();
