import { createApp } from '../src/app.js';
import { backgroundTasks } from '../src/lib/background-tasks.js';
import * as jsonApi from '../src/lib/json-api.js';
import { badEmails, describeErrorContract } from './lib/error-contract.js';

describeErrorContract({
  jsonApi,
  backgroundTasks,
  app: (tasks) =>
    createApp({
      tasks,
      riskySync: () => {},
      riskyAsync: () => {},
      notify: () => {},
    }),
  routes: [
    { method: 'POST', path: '/orders', body: { email: 'alice@example.com' } },
  ],
  invalidBodies: badEmails.map((email) => ({ email })),
});
