import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { recordAudit as writeAuditEntry } from './audit.js';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';
import {
  emailAddress,
  jsonBody,
  jsonErrors,
  methodNotAllowed,
  notFound,
  parseBody,
} from './lib/json-api.js';

const CreateOrderBody = z.object({ email: emailAddress });

// #region app
export interface AppDependencies {
  /** The runner: mounted here, awaited by tests and on shutdown. */
  tasks: BackgroundTaskRunner;
  /** The task. Tests pass a fake that records, waits on a latch or throws. */
  recordAudit?: (orderId: string) => unknown;
}

export function createApp({
  tasks,
  recordAudit = writeAuditEntry,
}: AppDependencies) {
  const app = express().disable('x-powered-by');
  tasks.install(app); // gives every response res.backgroundTasks

  app
    .route('/orders')
    .post(jsonBody, (req, res) => {
      parseBody(CreateOrderBody, req.body); // 422 before anything is scheduled
      const orderId = randomUUID();
      res.backgroundTasks.add(recordAudit, orderId);
      res.status(201).json({ order_id: orderId });
    })
    .all(methodNotAllowed);

  app.use(notFound, jsonErrors);
  return app;
}
// #endregion app
