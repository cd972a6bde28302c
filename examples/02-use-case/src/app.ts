import express from 'express';
import { z } from 'zod';
import type { CreateOrderUseCase } from './create-order.js';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';
import { jsonBody, jsonErrors, parseBody } from './lib/json-api.js';
import { sendNotification } from './notify.js';

const CreateOrderBody = z.object({ email: z.email() });

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
  const app = express();
  app.use(tasks.middleware); // gives every request res.locals.backgroundTasks

  app.post('/orders', ...jsonBody(), async (req, res) => {
    // An invalid body ends here with a 422, before the use case runs.
    const body = parseBody(CreateOrderBody, req.body);
    const result = await useCase.execute({ email: body.email });
    // The handler layer, not the use case, turns "who to notify" into work
    // after the response.
    res.locals.backgroundTasks.add(notify, result.notifyEmail);
    res.status(201).json({ order_id: result.orderId });
  });

  // 4xx as JSON; anything thrown, by the use case too, becomes a JSON 500.
  app.use(jsonErrors);
  return app;
}
// #endregion handler
