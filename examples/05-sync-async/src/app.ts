import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';
import { jsonBody, jsonErrors, parseBody } from './lib/json-api.js';
import {
  type Doc,
  fingerprintInWorker,
  fingerprintOnLoop,
  uploadCopy,
  uploadToStorage,
} from './tasks.js';
import { fingerprintOnWorkerThread } from './worker.js';

const CreateDocumentBody = z.object({ text: z.string().min(1) });

export interface AppDependencies {
  tasks: BackgroundTaskRunner;
  /** PBKDF2 rounds per fingerprint: how much CPU one task costs. main.ts calibrates it to about 200 ms. */
  iterations: number;
  /** What the async task awaits. Tests hold it on a gate. */
  upload?: (text: string) => Promise<void>;
  /** How the worker task reaches its thread. Tests use a worker they can hold. */
  runInWorker?: (text: string, iterations: number) => Promise<string>;
}

export function createApp({
  tasks,
  iterations,
  upload = uploadToStorage,
  runInWorker = fingerprintOnWorkerThread,
}: AppDependencies) {
  const app = express();
  app.use(tasks.middleware); // gives every request res.locals.backgroundTasks

  const documents = new Map<string, Doc>();
  const store = (body: unknown): Doc => {
    const { text } = parseBody(CreateDocumentBody, body);
    const doc: Doc = { id: randomUUID(), text, status: 'processing' };
    documents.set(doc.id, doc);
    return doc;
  };

  // #region routes
  app.post('/documents/sync', ...jsonBody(), (req, res) => {
    const doc = store(req.body);
    // A plain function:
    res.locals.backgroundTasks.add(fingerprintOnLoop, doc, iterations);
    res.status(201).json({ id: doc.id });
  });

  app.post('/documents/async', ...jsonBody(), (req, res) => {
    const doc = store(req.body);
    // An async function:
    res.locals.backgroundTasks.add(uploadCopy, doc, upload);
    res.status(201).json({ id: doc.id });
  });

  app.post('/documents/worker', ...jsonBody(), (req, res) => {
    const doc = store(req.body);
    // An async function whose CPU work runs on a thread. runInWorker is
    // fingerprintOnWorkerThread, or a worker a test holds.
    res.locals.backgroundTasks.add(
      fingerprintInWorker,
      doc,
      iterations,
      runInWorker,
    );
    res.status(201).json({ id: doc.id });
  });

  // The other request in every scenario: cheap, and it shows how far each
  // document has got.
  app.get('/documents', (_req, res) => {
    res.json(
      [...documents.values()].map(({ id, status, fingerprint }) => ({
        id,
        status,
        fingerprint,
      })),
    );
  });
  // #endregion routes

  app.use(jsonErrors); // 400 / 413 / 415 / 422 as JSON
  return app;
}
