import express from 'express';
import { z } from 'zod';
import type { CreateOrderUseCase } from './create-order.js';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';
import { jsonBody, jsonErrors, parseBody } from './lib/json-api.js';
import { sendNotification } from './notify.js';

const CreateOrderBody = z.object({ email: z.email() });

// #region deps
/** Everything the app needs, passed in: the counterpart of FastAPI's `Depends`. */
export interface AppDependencies {
  tasks: BackgroundTaskRunner;
  /** Anything with the use case's `execute`: the real one, or a fake in tests. */
  useCase: Pick<CreateOrderUseCase, 'execute'>;
  notify?: (email: string) => unknown;
}
// #endregion deps

// #region handler
export function createApp({ tasks, useCase, notify = sendNotification }: AppDependencies) {
  const app = express();
  app.use(tasks.middleware); // gives every request res.locals.backgroundTasks

  app.post('/orders', ...jsonBody(), async (req, res) => {
    const body = parseBody(CreateOrderBody, req.body); // 422 before the use case sees anything
    const result = await useCase.execute({ email: body.email });
    // The handler layer, not the use case, turns "who to notify" into work after the response.
    res.locals.backgroundTasks.add(notify, result.notifyEmail);
    res.status(201).json({ order_id: result.orderId });
  });

  app.use(jsonErrors); // 4xx as JSON; anything thrown (the use case included) becomes a JSON 500
  return app;
}
// #endregion handler
