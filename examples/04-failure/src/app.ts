import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';
import {
  emailAddress,
  jsonBody,
  jsonErrors,
  methodNotAllowed,
  notFound,
  parseBody,
} from './lib/json-api.js';
import { riskyAsyncTask, riskySyncTask, sendNotification } from './tasks.js';

const CreateOrderBody = z.object({ email: emailAddress });

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
  const app = express().disable('x-powered-by');
  tasks.install(app); // gives every response res.backgroundTasks

  app
    .route('/orders')
    .post(jsonBody, (req, res) => {
      parseBody(CreateOrderBody, req.body); // 422 before anything is added
      const orderId = randomUUID();
      const { add } = res.backgroundTasks;
      add(riskySync, orderId); // throws
      add(riskyAsync, orderId); // rejects
      add(notify, `Order ${orderId} created`); // still runs
      res.status(201).json({ order_id: orderId });
    })
    .all(methodNotAllowed);

  app.use(notFound, jsonErrors);
  return app;
}
// #endregion app
