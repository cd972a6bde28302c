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
import { sendNotification } from './notify.js';

const CreateOrderBody = z.object({ email: emailAddress });

export interface AppDependencies {
  tasks: BackgroundTaskRunner;
  notify?: (message: string) => unknown;
}

// #region app
export function createApp({
  tasks,
  notify = sendNotification,
}: AppDependencies) {
  const app = express().disable('x-powered-by');
  tasks.install(app); // gives every response res.backgroundTasks

  app
    .route('/orders')
    .post(jsonBody, (req, res) => {
      // An invalid body ends here with a 422: nothing is scheduled.
      const body = parseBody(CreateOrderBody, req.body);
      const order = { order_id: randomUUID(), email: body.email };
      res.backgroundTasks.add(notify, `Order ${order.order_id} created`);
      res.status(201).json({ order_id: order.order_id });
    })
    .all(methodNotAllowed); // another method: 405

  app.use(notFound, jsonErrors); // another path: 404; every error as JSON
  return app;
}
// #endregion app
