import { randomUUID } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { sendConfirmation } from './confirm.js';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';
import {
  emailAddress,
  jsonBody,
  jsonErrors,
  methodNotAllowed,
  notFound,
  parseBody,
} from './lib/json-api.js';
import { withRequestId } from './request-id.js';

const CreateOrderBody = z.object({ email: emailAddress });

export interface AppDependencies {
  tasks: BackgroundTaskRunner;
  /** The shutdown's gate (see shutdown.ts): refuses requests while draining. */
  gate?: RequestHandler;
  /** GET /ready (see shutdown.ts): 200 until the signal, then 503. */
  ready?: RequestHandler;
  confirm?: (
    orderId: string,
    email: string,
    requestId: string,
    signal: AbortSignal,
  ) => unknown;
}

const open: RequestHandler = (_req, _res, next) => next();
const alwaysReady: RequestHandler = (_req, res) =>
  void res.json({ ready: true });

// #region app
export function createApp({
  tasks,
  gate = open,
  ready = alwaysReady,
  confirm = sendConfirmation,
}: AppDependencies) {
  const app = express().disable('x-powered-by');
  tasks.install(app); // gives every response res.backgroundTasks
  app.use(withRequestId, gate);

  app
    .route('/orders')
    .post(jsonBody, (req, res) => {
      const { email } = parseBody(CreateOrderBody, req.body);
      const orderId = randomUUID();
      // Throws OverloadedError when too many tasks are pending: the client
      // gets 503 `overloaded` with Retry-After, and nothing is scheduled.
      // The request id travels as a copy too (see confirm.ts).
      const id = res.get('X-Request-Id')!;
      res.backgroundTasks.addAbortable(confirm, orderId, email, id);
      res.status(201).json({ order_id: orderId });
    })
    .all(methodNotAllowed);
  app.route('/ready').get(ready).all(methodNotAllowed);

  app.use(notFound, jsonErrors);
  return app;
}
// #endregion app
