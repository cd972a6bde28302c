import { createApp } from '../src/app.js';
import { badEmails, describeErrorContract } from '../src/lib/error-contract.js';

describeErrorContract({
  app: (tasks) => createApp({ tasks, confirm: () => {} }),
  routes: [
    { method: 'POST', path: '/orders', body: { email: 'alice@example.com' } },
  ],
  invalidBodies: badEmails.map((email) => ({ email })),
});
