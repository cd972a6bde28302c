import { createApp } from '../src/app.js';
import { backgroundTasks } from '../src/lib/background-tasks.js';
import * as jsonApi from '../src/lib/json-api.js';
import { describeErrorContract } from './lib/error-contract.js';
import type { Doc } from '../src/tasks.js';

const documents = new Map<string, Doc>();
const body = { text: 'quarterly report' };

describeErrorContract({
  jsonApi,
  backgroundTasks,
  app: (tasks) =>
    createApp({
      tasks,
      iterations: 1,
      upload: async () => {},
      runInWorker: async () => 'fingerprint',
      documents,
    }),
  routes: [
    { method: 'POST', path: '/documents/sync', body },
    { method: 'POST', path: '/documents/async', body },
    { method: 'POST', path: '/documents/worker', body },
    { method: 'GET', path: '/documents' },
  ],
  invalidBodies: [
    {},
    { text: '' },
    { text: 42 },
    { text: ['quarterly report'] },
    { text: 'x'.repeat(10_001) },
  ],
  effects: () => documents.size, // bad input stores no document
});
