// npm start: wire the real use case into the app, send one real request, print when everything happened, exit.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { createApp, type AppDependencies } from './app.js';
import { CreateOrderUseCase, InMemoryOrderRepository } from './create-order.js';
import { backgroundTasks } from './lib/background-tasks.js';
import { postJson } from './lib/demo/post-json.js';
import { runDemo } from './lib/demo/run-demo.js';
import { createTimingLog } from './lib/demo/timing-log.js';

const log = createTimingLog();
const tasks = backgroundTasks({ onEvent: log.onTaskEvent });

// #region wiring
const orders = new InMemoryOrderRepository();
const useCase = new CreateOrderUseCase({ newId: randomUUID, orders });
// #endregion wiring

// For the log only: note when the use case returns. createApp accepts this wrapper because it
// only needs something with execute(), the same way the tests hand it a fake.
const loggedUseCase: AppDependencies['useCase'] = {
  async execute(input) {
    const result = await useCase.execute(input);
    log.note(`use case returned ${JSON.stringify(result)}`);
    return result;
  },
};
const app = express()
  .disable('x-powered-by') // as in createApp
  .use(log.middleware, createApp({ tasks, useCase: loggedUseCase }));

await runDemo(app, tasks, async (baseUrl) => {
  await postJson(`${baseUrl}/orders`, { email: 'alice@example.com' }, log);
});

console.log(
  `response after ${log.between('request received', 'response sent')} ms, use case included; ` +
    `notification finished ${log.between('response sent', 'finished')} ms later; orders saved: ${orders.orders.size}`,
);
