import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';
import {
  jsonBody,
  jsonErrors,
  methodNotAllowed,
  notFound,
  parseBody,
} from './lib/json-api.js';
import {
  type Doc,
  fingerprintInWorker,
  fingerprintOnLoop,
  uploadCopy,
  uploadToStorage,
} from './tasks.js';
import { fingerprintOnWorkerThread } from './worker.js';

// Every string field has a bound.
const CreateDocumentBody = z.object({ text: z.string().min(1).max(10_000) });

export interface AppDependencies {
  tasks: BackgroundTaskRunner;
  /** PBKDF2 rounds per fingerprint: how much CPU one task costs. main.ts calibrates it to about 200 ms. */
  iterations: number;
  /** What the async task awaits. Tests hold it on a latch. */
  upload?: (text: string) => Promise<void>;
  /** How the worker task reaches its thread. Tests use a worker they can hold. */
  runInWorker?: (text: string, iterations: number) => Promise<string>;
  /** Where documents are kept. Tests pass their own to look inside. */
  documents?: Map<string, Doc>;
}

export function createApp({
  tasks,
  iterations,
  upload = uploadToStorage,
  runInWorker = fingerprintOnWorkerThread,
  documents = new Map(),
}: AppDependencies) {
  const app = express().disable('x-powered-by');
  tasks.install(app); // gives every response res.backgroundTasks

  const store = (body: unknown): Doc => {
    const { text } = parseBody(CreateDocumentBody, body);
    const doc: Doc = { id: randomUUID(), text, status: 'processing' };
    documents.set(doc.id, doc);
    return doc;
  };

  // #region routes
  app
    .route('/documents/sync')
    .post(jsonBody, (req, res) => {
      const doc = store(req.body);
      // A plain function:
      res.backgroundTasks.add(fingerprintOnLoop, doc, iterations);
      res.status(201).json({ id: doc.id });
    })
    .all(methodNotAllowed);

  app
    .route('/documents/async')
    .post(jsonBody, (req, res) => {
      const doc = store(req.body);
      // An async function:
      res.backgroundTasks.add(uploadCopy, doc, upload);
      res.status(201).json({ id: doc.id });
    })
    .all(methodNotAllowed);

  app
    .route('/documents/worker')
    .post(jsonBody, (req, res) => {
      const doc = store(req.body);
      // An async function whose CPU work runs on a thread. runInWorker is
      // fingerprintOnWorkerThread, or a worker a test holds.
      res.backgroundTasks.add(
        fingerprintInWorker,
        doc,
        iterations,
        runInWorker,
      );
      res.status(201).json({ id: doc.id });
    })
    .all(methodNotAllowed);

  // The other request in every scenario: cheap, and it shows how far each
  // document has got.
  app
    .route('/documents')
    .get((_req, res) => {
      res.json(
        [...documents.values()].map(({ id, status, fingerprint }) => ({
          id,
          status,
          fingerprint,
        })),
      );
    })
    .all(methodNotAllowed);
  // #endregion routes

  app.use(notFound, jsonErrors); // another path: 404; every error as JSON
  return app;
}
