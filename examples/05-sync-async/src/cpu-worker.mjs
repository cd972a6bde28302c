// Runs on a worker thread, started by runWorker() in worker.ts: one fingerprint, posted back to
// the main thread. Plain JavaScript, so it loads the same way under node, tsx and vitest.
import { parentPort, workerData } from 'node:worker_threads';
import { fingerprint } from './fingerprint.mjs';

// #region cpu-worker
const { text, iterations } = workerData;
// The CPU work happens on this thread.
parentPort.postMessage(fingerprint(text, iterations));
// #endregion cpu-worker
