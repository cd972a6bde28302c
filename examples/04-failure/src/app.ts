import { randomUUID } from 'node:crypto';
import express from 'express';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';
import { riskyAsyncTask, riskySyncTask, sendNotification } from './tasks.js';

export interface AppDependencies {
  tasks: BackgroundTaskRunner;
  riskySync?: (orderId: string) => unknown;
  riskyAsync?: (orderId: string) => unknown;
  notify?: (message: string) => unknown;
}

// #region app
export function createApp({
  tasks,
  riskySync = riskySyncTask,
  riskyAsync = riskyAsyncTask,
  notify = sendNotification,
}: AppDependencies) {
  const app = express();
  app.use(tasks.middleware);

  app.post('/orders', (_req, res) => {
    const orderId = randomUUID();
    const { add } = res.locals.backgroundTasks;
    add(riskySync, orderId); // throws
    add(riskyAsync, orderId); // rejects
    add(notify, `Order ${orderId} created`); // still runs
    res.status(201).json({ order_id: orderId });
  });

  return app;
}
// #endregion app
