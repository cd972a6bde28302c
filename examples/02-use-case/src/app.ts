import express from 'express';
import { z } from 'zod';
import type { CreateOrderUseCase } from './create-order.js';
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

// #region deps
/** Everything the app needs, passed in: what FastAPI's `Depends` does. */
export interface AppDependencies {
  tasks: BackgroundTaskRunner;
  /** Anything with the use case's `execute`: the real one, or a test fake. */
  useCase: Pick<CreateOrderUseCase, 'execute'>;
  notify?: (email: string) => unknown;
}
// #endregion deps

// #region handler
export function createApp({
  tasks,
  useCase,
  notify = sendNotification,
}: AppDependencies) {
  const app = express().disable('x-powered-by');
  tasks.install(app); // gives every response res.backgroundTasks

  app
    .route('/orders')
    .post(jsonBody, async (req, res) => {
      // An invalid body ends here with a 422, before the use case runs.
      const body = parseBody(CreateOrderBody, req.body);
      const result = await useCase.execute({ email: body.email });
      // The handler layer, not the use case, turns "who to notify" into
      // work after the response.
      res.backgroundTasks.add(notify, result.notifyEmail);
      res.status(201).json({ order_id: result.orderId });
    })
    .all(methodNotAllowed); // another method: 405

  // Another path: 404. Every error as JSON; anything thrown, by the use case
  // too, becomes a 500.
  app.use(notFound, jsonErrors);
  return app;
}
// #endregion handler
