import { createApp } from '../src/app.js';
import { backgroundTasks } from '../src/lib/background-tasks.js';
import * as jsonApi from '../src/lib/json-api.js';
import type { CreateOrderInput } from '../src/create-order.js';
import { badEmails, describeErrorContract } from './lib/error-contract.js';

const useCaseCalls: CreateOrderInput[] = [];

describeErrorContract({
  jsonApi,
  backgroundTasks,
  app: (tasks) =>
    createApp({
      tasks,
      useCase: {
        async execute(input) {
          useCaseCalls.push(input);
          return { orderId: 'order-1', notifyEmail: input.email };
        },
      },
      notify: () => {},
    }),
  routes: [
    { method: 'POST', path: '/orders', body: { email: 'alice@example.com' } },
  ],
  invalidBodies: badEmails.map((email) => ({ email })),
  effects: () => useCaseCalls.length, // bad input never reaches the use case
});
