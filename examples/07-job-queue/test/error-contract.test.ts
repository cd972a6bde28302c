// The error contract every example's API keeps (lib/test/error-contract.ts),
// run against example 07's app on a real database: bad input gets its status
// and JSON error and writes no order and no job; a valid order writes both.
import { createApp } from '../src/app.js';
import * as jsonApi from '../src/lib/json-api.js';
import { badEmails, describeErrorContract } from './lib/error-contract.js';
import { useSystem } from './system.js';

const system = useSystem({ workers: 0 }); // no worker: the jobs stay queued

const count = async (sql: string) =>
  Number((await system.db.query(sql)).rows[0].n);

describeErrorContract({
  jsonApi,
  app: (failure) =>
    createApp({
      boss: system.boss,
      // Failing, the transaction never starts: as a database that is down.
      transaction: failure
        ? () => Promise.reject(failure())
        : system.transaction,
    }),
  routes: [
    { method: 'POST', path: '/orders', body: { email: 'alice@example.com' } },
  ],
  invalidBodies: badEmails.map((email) => ({ email })),
  effects: async () => [
    await count('SELECT count(*) AS n FROM orders'),
    await count(`SELECT count(*) AS n FROM pgboss.job`),
  ],
});
