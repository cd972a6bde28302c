import { createApp } from '../src/app.js';
import type { CreateOrderInput } from '../src/create-order.js';
import { badEmails, describeErrorContract } from '../src/lib/error-contract.js';

const useCaseCalls: CreateOrderInput[] = [];

describeErrorContract({
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
